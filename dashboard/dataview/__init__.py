"""The Data page's view package: the catalogue of layers (built-in, imported, this browser's
uploads), the upload and import form, and the form's state between steps."""
