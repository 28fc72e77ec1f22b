"""Helpers every plugin of this site shares, each written once.

Not a Pelican plugin (it is never listed in PLUGINS): a small library the
plugins, tasks.py and the tests import. One module per concern:

- paths: whether a path is inside a folder; a path as the author knows it;
- metadata_lines: the line of a post's ``Key:`` and of a piece of text;
- content_lists: every list of contents a generator keeps, and which
  contents a reader can reach;
- public_url: the address readers use;
- fingerprints: digests of sources and package versions;
- system_errors: a full disk or a read-only folder, and the fix, in words
  (machine/, the tasks' checks, imports it too);
- outputs: files a plugin writes itself, declared so the build keeps them;
- published_data: the data files a build publishes as they are;
- csp: the Content-Security-Policy as a <meta> tag can carry it.
"""
