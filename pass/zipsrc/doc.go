// Package zipsrc is the zip front of the polyglot source model: it opens a
// model artifact (an H2O MOJO, any *.zip) safely and lets passes list and
// read its entries.
//
// Model artifacts come from pipelines and pull requests, so the front treats
// every archive as hostile. It reads through an io.ReaderAt on the file,
// never the whole file into memory; it refuses archives with too many
// entries or too large a declared total size, entries whose names escape the
// archive root (`../`, absolute paths, drive letters), and entries that
// decompress past their declared size or past the allowed compression ratio,
// which it measures while inflating because headers lie. Every entry read to
// its end has its CRC-32 checked. A corrupt or truncated archive yields an
// *Error, never a panic; errors.As turns it into a *pass.SyntaxError so
// acr.Pass.ReportSyntaxError reports it with the artifact's path.
//
// Open memoizes the archive on the pass.File, so every pass that reads the
// same artifact shares one parse of its central directory. The descriptor is
// opened on demand and released by Close; a later read reopens it, so a pass
// may Close an archive another pass still uses.
package zipsrc
