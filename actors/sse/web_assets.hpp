// web_assets.hpp — the web app's files as the server answers them: web/*.html, *.css, *.js, *.svg and
// Debian's Chart.js, embedded in the binary at build time (nothing is fetched at run time). Each gets its
// content type, an ETag and, where it pays, a gzip body made once at start. Besides its plain name
// (/assets/app.js, revalidated by ETag) each asset has a content-addressed one (/assets/app.<hash>.js,
// cacheable for a year) that index.html, served at /, is rewritten to use. Pure code.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/embedded.hpp"

namespace g6::sse {

/// The web app's files: web/* by name, and "chart.min.js" (Debian's libjs-chart.js).
std::span<const embedded_entry> embedded_web_files();

struct web_asset {
  std::string content_type;
  std::string etag; // quoted, as the header carries it
  std::string body;
  std::string gzipped; // empty when gzip saves less than a tenth
  bool immutable = false;
};

/// gzip (RFC 1952) of `bytes` at the default level.
std::string gzip_compressed(std::string_view bytes);

/// Whether an Accept-Encoding header accepts gzip (and does not refuse it with q=0).
bool accepts_gzip(std::string_view accept_encoding);

class web_assets {
public:
  /// The catalogue of `files`; "index.html" is served at / with its asset links made content-addressed.
  explicit web_assets(std::span<const embedded_entry> files);

  /// The asset at a request path, or null.
  const web_asset* find(std::string_view path) const;
  /// The content-addressed path of a file ("/assets/app.1a2b3c4d5e6f.js"); empty for an unknown name.
  std::string addressed_path(std::string_view name) const;
  /// Bytes of every asset but the chart library (the page weight the app itself adds).
  size_t app_bytes() const { return app_bytes_; }

private:
  struct entry {
    std::string path;
    web_asset asset;
  };
  std::vector<entry> entries_;
  size_t app_bytes_ = 0;
};

} // namespace g6::sse
