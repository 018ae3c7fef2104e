#include "actors/sse/web_assets.hpp"

#include <zlib.h>

#include <algorithm>
#include <cctype>

#include "actors/panels/panel_hash.hpp"

namespace g6::sse {

namespace {

constexpr std::string_view chart_library = "chart.min.js";
constexpr std::string_view page = "index.html";

std::string_view content_type_of(std::string_view name) {
  auto ends = [&](std::string_view ext) {
    return name.size() >= ext.size() && name.substr(name.size() - ext.size()) == ext;
  };
  if (ends(".html"))
    return "text/html; charset=utf-8";
  if (ends(".css"))
    return "text/css; charset=utf-8";
  if (ends(".js"))
    return "text/javascript; charset=utf-8";
  if (ends(".svg"))
    return "image/svg+xml";
  return "application/octet-stream";
}

/// "app.js" with hash h → "app.<h>.js".
std::string addressed_name(std::string_view name, std::string_view hash) {
  auto dot = name.rfind('.');
  if (dot == std::string_view::npos)
    return std::string{name} + "." + std::string{hash};
  return std::string{name.substr(0, dot)} + "." + std::string{hash} + std::string{name.substr(dot)};
}

web_asset make_asset(std::string_view name, std::string body, bool immutable) {
  web_asset a;
  a.content_type = content_type_of(name);
  a.etag = "\"" + sha256_hex(body).substr(0, 16) + "\"";
  auto packed = gzip_compressed(body);
  if (packed.size() * 10 < body.size() * 9)
    a.gzipped = std::move(packed);
  a.body = std::move(body);
  a.immutable = immutable;
  return a;
}

/// Replaces every `"/assets/<from>"` (a quoted link) in `text` with `"<to>"`.
void relink(std::string& text, std::string_view from, std::string_view to) {
  auto quoted = "\"/assets/" + std::string{from} + "\"";
  auto replacement = "\"" + std::string{to} + "\"";
  for (auto at = text.find(quoted); at != std::string::npos; at = text.find(quoted, at + replacement.size()))
    text.replace(at, quoted.size(), replacement);
}

} // namespace

std::string gzip_compressed(std::string_view bytes) {
  z_stream z{};
  // 15 window bits + 16: a gzip header and trailer rather than zlib's.
  if (deflateInit2(&z, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
    return {};
  std::string out(deflateBound(&z, static_cast<uLong>(bytes.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
  z.avail_in = static_cast<uInt>(bytes.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  auto rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string{};
}

bool accepts_gzip(std::string_view header) {
  while (!header.empty()) {
    auto comma = header.find(',');
    auto item = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    while (!item.empty() && item.front() == ' ')
      item.remove_prefix(1);
    auto semi = item.find(';');
    auto coding = item.substr(0, semi);
    while (!coding.empty() && coding.back() == ' ')
      coding.remove_suffix(1);
    if (coding != "gzip" && coding != "*")
      continue;
    auto params = semi == std::string_view::npos ? std::string_view{} : item.substr(semi + 1);
    std::string compact;
    for (char c : params)
      if (c != ' ')
        compact += c;
    // q=0, q=0.0, q=0.00...: refused.
    bool refused = compact.starts_with("q=0") && compact.find_first_not_of("0.", 2) == std::string::npos;
    return !refused;
  }
  return false;
}

web_assets::web_assets(std::span<const embedded_entry> files) {
  std::string index;
  std::vector<std::pair<std::string, std::string>> links; // plain name → addressed path
  for (auto& f : files) {
    if (f.name == page) {
      index = std::string{f.content};
      continue;
    }
    auto asset = make_asset(f.name, std::string{f.content}, false);
    auto addressed = "/assets/" + addressed_name(f.name, asset.etag.substr(1, 12));
    links.emplace_back(std::string{f.name}, addressed);
    if (f.name != chart_library)
      app_bytes_ += asset.body.size();
    auto immutable = asset;
    immutable.immutable = true;
    entries_.push_back({"/assets/" + std::string{f.name}, std::move(asset)});
    entries_.push_back({addressed, std::move(immutable)});
  }
  for (auto& [name, addressed] : links)
    relink(index, name, addressed);
  app_bytes_ += index.size();
  entries_.push_back({"/", make_asset(page, std::move(index), false)});
  std::sort(entries_.begin(), entries_.end(), [](auto& a, auto& b) { return a.path < b.path; });
}

const web_asset* web_assets::find(std::string_view path) const {
  if (path == "/index.html")
    path = "/";
  auto i = std::lower_bound(entries_.begin(), entries_.end(), path,
                            [](const entry& e, std::string_view p) { return e.path < p; });
  return i != entries_.end() && i->path == path ? &i->asset : nullptr;
}

std::string web_assets::addressed_path(std::string_view name) const {
  auto plain = "/assets/" + std::string{name};
  const web_asset* asset = find(plain);
  if (!asset)
    return {};
  return "/assets/" + addressed_name(name, asset->etag.substr(1, 12));
}

} // namespace g6::sse
