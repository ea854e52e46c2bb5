"""One area's profile as files to keep or print: CSV and PDF, with every figure's source and date."""
