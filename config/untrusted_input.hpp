// untrusted_input.hpp — reading files that someone else may have put in place (the panels directory, a
// config file): only a regular file is opened, never a FIFO, device, socket or directory that could block
// the reader or never end; its size is bounded; and JSON text is checked for NUL bytes and nesting depth
// in one linear scan before a parser sees it, so nothing recursive meets a document nested 200,000 deep.
// Pure code, shared by the config loader and every reader of panel files.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "messages/enum_names.hpp"
#include "messages/expected.hpp"

namespace g6 {

struct read_limits {
  size_t max_bytes = 0;
  /// false: a symlink is refused (a panels directory has none); true: followed to a regular file (a
  /// config under /etc often is one).
  bool follow_symlinks = false;
};

/// Why a file was not read.
enum class file_refusal : uint8_t {
  missing,
  symlink,     // a symlink where none is followed
  not_regular, // a directory, FIFO, device or socket
  too_large,
  io, // the system refused to open, stat or read it
};

inline constexpr enum_names<file_refusal, 5> file_refusal_names{{{file_refusal::missing, "missing"},
                                                                 {file_refusal::symlink, "symlink"},
                                                                 {file_refusal::not_regular, "not_regular"},
                                                                 {file_refusal::too_large, "too_large"},
                                                                 {file_refusal::io, "io"}}};

constexpr std::string_view to_string(file_refusal x) {
  return name_of(file_refusal_names, x);
}

struct read_refusal {
  file_refusal reason;
  std::string message; // what is wrong with the file, to follow its name: "not a regular file (a FIFO)"
};

/// The bytes of a regular file of at most limits.max_bytes, opened without blocking and without
/// following a symlink unless allowed.
expected<std::string, read_refusal> read_regular_file(const std::filesystem::path& file, const read_limits& limits);

/// Bounds on the shape of a JSON text, checked before it is parsed.
struct json_text_limits {
  size_t max_depth = 64;
  /// Members of one object or array. Documents that keep key order (the config's ordered_json) look
  /// keys up one by one, so an object with 70,000 keys costs minutes; others need no bound.
  size_t max_members = SIZE_MAX;
};

/// What makes a text unfit for a JSON parser.
enum class json_text_fault : uint8_t { nul_byte, too_deep, too_many_members };

inline constexpr enum_names<json_text_fault, 3> json_text_fault_names{
  {{json_text_fault::nul_byte, "nul_byte"},
   {json_text_fault::too_deep, "too_deep"},
   {json_text_fault::too_many_members, "too_many_members"}}};

constexpr std::string_view to_string(json_text_fault x) {
  return name_of(json_text_fault_names, x);
}

struct json_text_problem {
  json_text_fault fault;
  size_t offset = 0;   // of the NUL byte, the bracket one level too deep, the comma one member too many
  std::string message; // "a NUL byte at offset 12", "nested deeper than 64 levels at offset 64", ...
};

/// Fails at the first NUL byte, bracket nested deeper than the limit or member past the limit (strings
/// skipped).
expected<void, json_text_problem> check_json_text(std::string_view text, const json_text_limits& limits);

/// What a file that is not a regular one is, for messages: "a directory", "a FIFO", "a socket", ...
/// `mode` is st_mode from stat(2).
const char* file_kind_text(unsigned mode);

/// "1048576 bytes (1 MiB)" for messages about sizes.
std::string byte_size_text(size_t bytes);

} // namespace g6
