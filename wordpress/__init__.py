"""Moving in from WordPress: `invoke import-wordpress EXPORT.xml`.

A WordPress export (WXR) becomes Markdown posts and pages in ``content/``,
images copied from a local copy of ``wp-content/uploads``, approved
comments as data beside each post, and ``content/redirects.txt``, from
which every build writes the redirects that keep the old addresses working
(``plugins/old_blog``).

One concern a module: ``wxr`` reads the export, ``autop`` applies
WordPress's paragraph rules, ``shortcodes``, ``embeds``, ``images`` and
``links`` fix what WordPress left in the HTML, ``markdown`` writes the
result as Markdown, ``comments`` and ``addresses`` carry over the comments
and the old addresses, ``files`` writes it all without overwriting what an
author edited, and ``importer`` runs the steps in order.
"""
