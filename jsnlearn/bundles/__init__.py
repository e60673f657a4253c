"""Course bundles: a course as a folder of Markdown and YAML, imported and exported exactly.

- `importer.import_bundle` reads, validates and loads a bundle (docs/course-bundles.md).
- `exporter.export_course` writes a course back out as a bundle.
- `errors.Problem` / `errors.BundleInvalid` say what is wrong with a bundle, file by file.
"""
