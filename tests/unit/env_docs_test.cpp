#define BOOST_TEST_MODULE env_docs
#include <boost/test/unit_test.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/embedded.hpp"

// Keeps docs/configuration.md in step with the code: every G6_* variable named in a string literal of
// the sources (tests and build directories aside) or expanded by a build script (scripts/*.sh, .ci/run)
// is in the docs' table of environment variables, every variable in that table is read somewhere, and
// every config key of the schema is documented.

namespace fs = std::filesystem;

namespace {

/// The contents of the string literals of a C++ source (raw strings included; comments and character
/// literals skipped), each as written between its quotes.
std::vector<std::string> string_literals(const std::string& code) {
  std::vector<std::string> result;
  auto identifier_char = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; };
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (code.compare(i, 2, "//") == 0) {
      i = code.find('\n', i);
      if (i == std::string::npos)
        break;
    } else if (code.compare(i, 2, "/*") == 0) {
      i = code.find("*/", i + 2);
      if (i == std::string::npos)
        break;
      ++i;
    } else if (c == '\'') {
      // A digit separator (100'000) sits inside a token that starts with a digit.
      size_t start = i;
      while (start > 0 && (identifier_char(code[start - 1]) || code[start - 1] == '\''))
        --start;
      if (start < i && std::isdigit(static_cast<unsigned char>(code[start])))
        continue;
      for (++i; i < code.size() && code[i] != '\''; ++i)
        if (code[i] == '\\')
          ++i;
    } else if (c == '"') {
      size_t prefix = i;
      while (prefix > 0 && identifier_char(code[prefix - 1]))
        --prefix;
      auto word = code.substr(prefix, i - prefix);
      if (word == "R" || word == "u8R" || word == "uR" || word == "UR" || word == "LR") {
        auto open = code.find('(', i);
        auto close = code.find(")" + code.substr(i + 1, open - i - 1) + "\"", open);
        if (open == std::string::npos || close == std::string::npos)
          break;
        result.push_back(code.substr(open + 1, close - open - 1));
        i = code.find('"', close);
      } else {
        std::string literal;
        for (++i; i < code.size() && code[i] != '"'; ++i) {
          if (code[i] == '\\')
            literal += code[i++];
          literal += code[i];
        }
        result.push_back(std::move(literal));
      }
    }
  }
  return result;
}

/// G6_* names in the string literals of a source.
std::set<std::string> variables_in(const std::string& code) {
  static const std::regex name{"G6_[A-Z0-9_]+"};
  std::set<std::string> result;
  for (auto& literal : string_literals(code))
    for (std::sregex_iterator i{literal.begin(), literal.end(), name}, end; i != end; ++i)
      result.insert(i->str());
  return result;
}

/// G6_* names a shell script expands ($G6_X, ${G6_X}, ${G6_X:-default}, ...), comment lines aside.
std::set<std::string> variables_in_shell(const std::string& script) {
  static const std::regex expansion{R"(\$\{?(G6_[A-Z0-9_]+))"};
  std::set<std::string> result;
  std::istringstream lines{script};
  for (std::string line; std::getline(lines, line);) {
    auto first = line.find_first_not_of(" \t");
    if (first != std::string::npos && line[first] == '#')
      continue;
    for (std::sregex_iterator i{line.begin(), line.end(), expansion}, end; i != end; ++i)
      result.insert((*i)[1]);
  }
  return result;
}

std::string read(const fs::path& file) {
  std::ifstream in{file};
  BOOST_TEST_REQUIRE(in.good(), "cannot read " << file);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Variable -> the first source file that names it, over the project's *.cpp and *.hpp.
std::map<std::string, std::string> variables_in_code() {
  std::map<std::string, std::string> result;
  fs::recursive_directory_iterator i{fs::current_path()}, end;
  for (; i != end; ++i) {
    auto name = i->path().filename().string();
    if (i->is_directory()) {
      bool skipped = i.depth() == 0 && (name == "tests" || name.rfind("build", 0) == 0);
      if (skipped || name.front() == '.')
        i.disable_recursion_pending();
      continue;
    }
    auto ext = i->path().extension();
    if (ext != ".cpp" && ext != ".hpp")
      continue;
    for (auto& variable : variables_in(read(i->path())))
      result.emplace(variable, fs::relative(i->path()).string());
  }
  return result;
}

/// Variable -> the first build script that expands it: scripts/*.sh and the CI entry point .ci/run.
std::map<std::string, std::string> variables_in_scripts() {
  std::vector<fs::path> scripts;
  for (auto& entry : fs::directory_iterator{"scripts"})
    if (entry.path().extension() == ".sh")
      scripts.push_back(entry.path());
  std::sort(scripts.begin(), scripts.end());
  if (fs::exists(".ci/run"))
    scripts.emplace_back(".ci/run");
  std::map<std::string, std::string> result;
  for (auto& script : scripts)
    for (auto& variable : variables_in_shell(read(script)))
      result.emplace(variable, script.string());
  return result;
}

/// Every variable something reads: the sources, then the build scripts.
std::map<std::string, std::string> variables_read() {
  auto result = variables_in_code();
  result.merge(variables_in_scripts());
  return result;
}

const std::string docs_file = "docs/configuration.md";

/// Variables in the docs' table: rows that start with | `G6_...`.
std::set<std::string> documented_variables() {
  static const std::regex row{R"(^\|\s*`(G6_[A-Z0-9_]+)`)"};
  std::set<std::string> result;
  std::istringstream docs{read(docs_file)};
  for (std::string line; std::getline(docs, line);)
    if (std::smatch m; std::regex_search(line, m, row))
      result.insert(m[1]);
  return result;
}

/// Dotted names of every schema key: index_params.<INDEX>.enable, providers.kite_apps.<NAME>.base_url,
/// faults.collector_crashes[].index, ... A rule that refers to a shared one ("$ref") has its keys.
void schema_keys(const nlohmann::json& schema, const nlohmann::json& referring, const std::string& at,
                 std::vector<std::string>& out) {
  auto ref = referring.find("$ref");
  const auto& rule =
    ref == referring.end() ? referring : schema.at(nlohmann::json::json_pointer{ref->get<std::string>().substr(1)});
  auto prefix = at.empty() ? at : at + ".";
  if (auto props = rule.find("properties"); props != rule.end())
    for (auto& [name, sub] : props->items()) {
      out.push_back(prefix + name);
      schema_keys(schema, sub, prefix + name, out);
    }
  if (auto named = rule.find("additionalProperties"); named != rule.end() && named->is_object())
    schema_keys(schema, *named, prefix + (at == "index_params" ? "<INDEX>" : "<NAME>"), out);
  if (auto items = rule.find("items"); items != rule.end())
    schema_keys(schema, *items, at + "[]", out);
}

} // namespace

BOOST_AUTO_TEST_CASE(the_scanner_reads_string_literals_only) {
  auto found = variables_in(R"code(
    // "G6_IN_A_COMMENT"
    /* "G6_IN_A_BLOCK" */
    auto a = env("G6_PLAIN");
    auto b = "escaped \" quote G6_AFTER_ESCAPE";
    auto c = 100'000 + 'x' + '"';
    auto d = R"x(raw "G6_RAW" text)x";
    auto e = G6_MACRO_NOT_A_STRING;
    auto f = "prefix text G6_INSIDE, more";
  )code");
  BOOST_TEST(found == (std::set<std::string>{"G6_AFTER_ESCAPE", "G6_INSIDE", "G6_PLAIN", "G6_RAW"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(the_shell_scanner_reads_expansions_only) {
  auto found = variables_in_shell(R"sh(#!/usr/bin/env bash
    # uses $G6_IN_A_COMMENT
    build_dir=${G6_BUILD_DIR:-build}
    cmake -S . ${G6_CMAKE_ARGS:-} "$G6_QUOTED/bin" $G6_PLAIN
    echo G6_NOT_EXPANDED "${#packages[@]}"
  )sh");
  BOOST_TEST(found == (std::set<std::string>{"G6_BUILD_DIR", "G6_CMAKE_ARGS", "G6_PLAIN", "G6_QUOTED"}),
             boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(every_variable_the_code_reads_is_documented) {
  auto in_sources = variables_read();
  auto documented = documented_variables();
  // The loader and the build scripts read these; finding none would mean a scan is broken, not that
  // all is documented.
  BOOST_TEST_REQUIRE(in_sources.count("G6_CONFIG") == 1u);
  BOOST_TEST_REQUIRE(in_sources.count("G6_ENABLED_INDICES") == 1u);
  BOOST_TEST_REQUIRE(in_sources.count("G6_BUILD_DIR") == 1u);
  for (auto& [variable, file] : in_sources)
    BOOST_TEST(documented.count(variable) == 1u,
               variable << " is read in " << file << " but not listed in " << docs_file);
}

BOOST_AUTO_TEST_CASE(every_documented_variable_is_read_by_the_code) {
  auto in_sources = variables_read();
  auto documented = documented_variables();
  BOOST_TEST_REQUIRE(!documented.empty(), docs_file << " lists no G6_* variable");
  for (auto& variable : documented)
    BOOST_TEST(in_sources.count(variable) == 1u,
               variable << " is listed in " << docs_file << " but no source reads it");
}

BOOST_AUTO_TEST_CASE(every_config_key_is_documented) {
  std::vector<std::string> keys;
  auto schema = nlohmann::json::parse(g6::embedded_file("schema.json"));
  schema_keys(schema, schema, "", keys);
  BOOST_TEST_REQUIRE(keys.size() > 40u);
  auto docs = read(docs_file);
  for (auto& key : keys)
    BOOST_TEST(docs.find("`" + key + "`") != std::string::npos, key << " is not documented in " << docs_file);
}
