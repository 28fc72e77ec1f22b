// Old WordPress addresses such as /?p=123 or /?cat=4 reach the home page on
// hosts that cannot redirect by query string (GitHub Pages). Send the reader
// on to /wordpress/p/123/, a page the build wrote for that address, which
// forwards to the post (plugins/old_blog). Nothing happens without one of
// WordPress's query keys, and nothing is requested.
(() => {
  const keys = ["p", "page_id", "attachment_id", "cat", "tag", "author", "feed", "m"];
  const query = new URLSearchParams(window.location.search);
  for (const key of keys) {
    const value = query.get(key);
    if (value && /^[\w.-]{1,100}$/.test(value)) {
      window.location.replace(`wordpress/${key}/${value}/`);
      return;
    }
  }
})();
