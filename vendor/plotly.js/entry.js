// The trace types the atlas draws, and no others: scatter comes with the core.
var Plotly = require('plotly.js/lib/core');

Plotly.register([
    require('plotly.js/lib/bar'),
    require('plotly.js/lib/choroplethmap'),
    require('plotly.js/lib/scattermap'),
]);

module.exports = Plotly;
