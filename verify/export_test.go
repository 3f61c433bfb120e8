package verify

// RequireEnginesForTest lets the external tests skip as the internal ones do.
var RequireEnginesForTest = requireEngines
