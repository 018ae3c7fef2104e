// loader.cpp — config file + G6_* environment → validated g6::settings (see loader.hpp). Stages: read,
// parse (syntax errors, duplicate keys), environment overrides, JSON Schema (valijson), the checks a
// schema cannot express, conversion to g6::settings.
#include "config/loader.hpp"

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <ostream>
#include <regex>
#include <set>
#include <system_error>
#include <variant>

#include "config/calendar.hpp"
#include "config/embedded.hpp"

namespace g6 {

namespace {

/// Documents keep the file's key order: indices start in config order, and problems are listed in it.
using document = nlohmann::ordered_json;

/// A location in a document: object keys and array indices, unescaped.
using tokens = std::vector<std::string>;

constexpr std::string_view builtin_source = "<built-in g6.json>";

// --- JSON pointers (RFC 6901) ---------------------------------------------------------------------

std::string to_pointer(const tokens& path) {
  std::string result;
  for (auto& token : path) {
    result += '/';
    for (char c : token) {
      if (c == '~')
        result += "~0";
      else if (c == '/')
        result += "~1";
      else
        result += c;
    }
  }
  return result;
}

/// "/collection/interval_seconds" -> "collection.interval_seconds", how the docs name a key.
std::string dotted(std::string_view pointer) {
  std::string result{pointer.substr(1)};
  std::replace(result.begin(), result.end(), '/', '.');
  return result;
}

tokens split_pointer(std::string_view pointer) {
  tokens result;
  for (auto rest = pointer.substr(1);; ) {
    auto slash = rest.find('/');
    result.emplace_back(rest.substr(0, slash));
    if (slash == std::string_view::npos)
      return result;
    rest = rest.substr(slash + 1);
  }
}

/// The value at a path, or nullptr.
const document* find(const document& root, const tokens& path) {
  const document* node = &root;
  for (auto& token : path) {
    if (node->is_object()) {
      auto i = node->find(token);
      if (i == node->end())
        return nullptr;
      node = &*i;
    } else if (node->is_array()) {
      size_t index = 0;
      auto [end, ec] = std::from_chars(token.data(), token.data() + token.size(), index);
      if (ec != std::errc{} || end != token.data() + token.size() || index >= node->size())
        return nullptr;
      node = &(*node)[index];
    } else {
      return nullptr;
    }
  }
  return node;
}

/// Where a path comes in the document: per level the key's position (missing keys last) or the array
/// index, so problems sort in the order a reader meets them in the file.
std::vector<size_t> document_order(const document& root, const tokens& path) {
  std::vector<size_t> order;
  const document* node = &root;
  for (auto& token : path) {
    if (node && node->is_object()) {
      auto i = node->find(token);
      order.push_back(static_cast<size_t>(std::distance(node->begin(), i)));
      node = i == node->end() ? nullptr : &*i;
    } else if (node && node->is_array()) {
      size_t index = node->size();
      std::from_chars(token.data(), token.data() + token.size(), index);
      order.push_back(index);
      node = index < node->size() ? &(*node)[index] : nullptr;
    } else {
      order.push_back(0);
    }
  }
  return order;
}

/// A value as the user wrote it, compact, cut short when long.
std::string shown(const document& value) {
  auto text = value.dump();
  constexpr size_t limit = 60;
  if (text.size() > limit)
    text = text.substr(0, limit - 3) + "...";
  return text;
}

std::string json_string(std::string_view text) {
  return document(text).dump();
}

std::string join(const std::vector<std::string>& items) {
  std::string result;
  for (auto& item : items) {
    if (!result.empty())
      result += ", ";
    result += item;
  }
  return result;
}

std::string_view trim(std::string_view text) {
  auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos)
    return {};
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

// --- reading and parsing --------------------------------------------------------------------------

std::optional<config_problem> read_file(const std::filesystem::path& file, std::string& text) {
  auto os_error = [&](int code) {
    return config_problem{file.string(), "cannot read: " + std::generic_category().message(code)};
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in{std::fopen(file.c_str(), "rb"), &std::fclose};
  if (!in)
    return os_error(errno);
  char buffer[8192];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, in.get())) > 0)
    text.append(buffer, n);
  // A directory opens fine on Linux; reading it fails with EISDIR.
  if (std::ferror(in.get()))
    return os_error(errno);
  return std::nullopt;
}

/// Records keys given twice in one object: the parser would keep one value and drop the other silently.
class duplicate_key_finder {
public:
  explicit duplicate_key_finder(std::vector<tokens>& found) : found_(found) {}

  bool operator()(int, document::parse_event_t event, document& parsed) {
    using ev = document::parse_event_t;
    switch (event) {
      case ev::object_start:
      case ev::array_start:
        frames_.push_back({event == ev::array_start, 0, {}, {}});
        break;
      case ev::key: {
        auto& top = frames_.back();
        top.key = parsed.get<std::string>();
        if (!top.keys.insert(top.key).second)
          found_.push_back(current_path());
        break;
      }
      case ev::object_end:
      case ev::array_end:
        frames_.pop_back();
        element_done();
        break;
      case ev::value:
        element_done();
        break;
    }
    return true;
  }

private:
  struct frame {
    bool array;
    size_t index; // of the array element being parsed
    std::string key;
    std::set<std::string> keys;
  };

  void element_done() {
    if (!frames_.empty() && frames_.back().array)
      ++frames_.back().index;
  }

  tokens current_path() const {
    tokens path;
    for (auto& f : frames_)
      path.push_back(f.array ? std::to_string(f.index) : f.key);
    return path;
  }

  std::vector<tokens>& found_;
  std::vector<frame> frames_;
};

/// "line L, column C" of the byte a parse error names (1-based, as nlohmann counts it).
std::string text_position(std::string_view text, size_t byte) {
  auto before = text.substr(0, byte == 0 ? 0 : byte - 1);
  auto line = 1 + std::count(before.begin(), before.end(), '\n');
  auto newline = before.rfind('\n');
  auto column = newline == std::string_view::npos ? before.size() + 1 : before.size() - newline;
  return fmt::format("line {}, column {}", line, column);
}

std::optional<document> parse(std::string_view text, std::vector<config_problem>& problems) {
  std::vector<tokens> duplicates;
  try {
    auto doc = document::parse(text, duplicate_key_finder{duplicates});
    for (auto& path : duplicates)
      problems.push_back({to_pointer(path), "key given twice in the same object"});
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    // what() is "[json.exception.parse_error.101] parse error at line L, column C: <reason>".
    std::string_view what = e.what();
    auto reason = what.find(": ", what.find("column"));
    problems.push_back({text_position(text, e.byte),
                        std::string{reason == std::string_view::npos ? what : what.substr(reason + 2)}});
    return std::nullopt;
  }
}

// --- environment overrides ------------------------------------------------------------------------

enum class env_value { text, number, integer, index_list };

struct env_override {
  std::string_view variable;
  std::string_view pointer; // the key it replaces
  env_value kind;
};

/// Every variable that overrides a config key. G6_CONFIG, which names the file, is read by
/// config_path_from_env. docs/configuration.md lists them all (env_docs_test checks).
constexpr env_override env_overrides[] = {
  {"G6_DATA_DIR", "/storage/data_dir", env_value::text},
  {"G6_LOG_LEVEL", "/logging/level", env_value::text},
  {"G6_INTERVAL_SECONDS", "/collection/interval_seconds", env_value::number},
  {"G6_RISK_FREE_RATE", "/greeks/risk_free_rate", env_value::number},
  {"G6_PROVIDER", "/providers/primary", env_value::text},
  {"G6_SEED", "/providers/synthetic/seed", env_value::integer},
  {"G6_ANALYTICS_POOL_SIZE", "/analytics/pool_size", env_value::integer},
  {"G6_ENABLED_INDICES", "/index_params", env_value::index_list},
};

/// A set, non-blank variable; blank counts as unset, as when a launcher passes an empty value through.
std::optional<std::string> variable(const environment& env, std::string_view name) {
  auto raw = env(name);
  if (!raw)
    return std::nullopt;
  auto text = trim(*raw);
  if (text.empty())
    return std::nullopt;
  return std::string{text};
}

/// A variable's value as the JSON value it puts in the document (a list of names for index_list).
std::variant<document, std::string> parse_env_value(env_value kind, const std::string& text) {
  auto first = text.data();
  auto last = text.data() + text.size();
  switch (kind) {
    case env_value::text:
      return document(text);
    case env_value::number: {
      double x = 0;
      auto [end, ec] = std::from_chars(first, last, x);
      if (ec != std::errc{} || end != last || !std::isfinite(x))
        return json_string(text) + " is not a number";
      return document(x);
    }
    case env_value::integer: {
      int64_t x = 0;
      auto [end, ec] = std::from_chars(first, last, x);
      if (ec == std::errc::result_out_of_range)
        return json_string(text) + " is out of range";
      if (ec != std::errc{} || end != last)
        return json_string(text) + " is not an integer";
      return document(x);
    }
    case env_value::index_list: {
      auto names = document::array();
      for (std::string_view rest = text;;) {
        auto comma = rest.find(',');
        auto name = trim(rest.substr(0, comma));
        if (!name.empty())
          names.push_back(std::string{name});
        if (comma == std::string_view::npos)
          break;
        rest = rest.substr(comma + 1);
      }
      return names;
    }
  }
  return document{};
}

struct override_value {
  const env_override* spec;
  document value;
};

/// The overrides the environment sets; malformed values become problems named by the variable.
std::vector<override_value> read_overrides(const environment& env, std::vector<config_problem>& problems) {
  std::vector<override_value> result;
  for (auto& spec : env_overrides) {
    auto text = variable(env, spec.variable);
    if (!text)
      continue;
    auto parsed = parse_env_value(spec.kind, *text);
    if (auto* why = std::get_if<std::string>(&parsed))
      problems.push_back({std::string{spec.variable}, *why + " (" + dotted(spec.pointer) + ")"});
    else
      result.push_back({&spec, std::get<document>(std::move(parsed))});
  }
  return result;
}

/// Puts a value at a path, creating missing sections; false when the way is blocked by a non-object
/// (the schema then reports that value).
bool put(document& root, const tokens& path, document value) {
  document* node = &root;
  for (auto& token : path) {
    if (node->is_null())
      *node = document::object();
    if (!node->is_object())
      return false;
    node = &(*node)[token];
  }
  *node = std::move(value);
  return true;
}

/// G6_ENABLED_INDICES: enables exactly the listed indices of index_params.
void enable_exactly(document& root, const document& names, std::vector<config_problem>& problems) {
  auto* indices = find(root, {"index_params"});
  if (!indices || !indices->is_object())
    return;
  std::vector<std::string> configured;
  for (auto& [name, entry] : indices->items())
    configured.push_back(name);
  for (auto& name : names)
    if (!indices->contains(name.get<std::string>()))
      problems.push_back({"G6_ENABLED_INDICES", fmt::format("{} is not in index_params (configured: {})",
                                                            name.dump(), join(configured))});
  auto& editable = root["index_params"];
  for (auto& [name, entry] : editable.items())
    if (entry.is_object())
      entry["enable"] = std::find(names.begin(), names.end(), document(name)) != names.end();
}

/// Applies the overrides; returns which variable set which pointer, to name it in schema problems.
std::map<std::string, std::string_view> apply_overrides(document& root,
                                                        const std::vector<override_value>& overrides,
                                                        std::vector<config_problem>& problems) {
  std::map<std::string, std::string_view> applied;
  if (!root.is_object())
    return applied;
  for (auto& o : overrides) {
    if (o.spec->kind == env_value::index_list)
      enable_exactly(root, o.value, problems);
    else if (put(root, split_pointer(o.spec->pointer), o.value))
      applied.emplace(o.spec->pointer, o.spec->variable);
  }
  return applied;
}

// --- JSON Schema ----------------------------------------------------------------------------------

/// config/schema.json: the tree (in file order, for messages) and valijson's compiled form.
struct shipped_schema {
  shipped_schema() : tree(document::parse(embedded_file("schema.json"))) {
    nlohmann::json plain = tree;
    valijson::SchemaParser parser{valijson::SchemaParser::kDraft7};
    parser.populateSchema(valijson::adapters::NlohmannJsonAdapter{plain}, compiled);
  }
  document tree;
  valijson::Schema compiled;
};

const shipped_schema& schema() {
  static const shipped_schema instance;
  return instance;
}

/// The schema that governs the value at a path, or nullptr where the schema allows nothing.
const document* rule_at(const document& schema_tree, const tokens& path) {
  const document* node = &schema_tree;
  for (auto& token : path) {
    const document* next = nullptr;
    if (auto props = node->find("properties"); props != node->end() && props->contains(token))
      next = &(*props)[token];
    else if (auto items = node->find("items"); items != node->end())
      next = &*items;
    else if (auto other = node->find("additionalProperties"); other != node->end() && other->is_object())
      next = &*other;
    if (!next)
      return nullptr;
    node = next;
  }
  return node;
}

/// What a schema type asks for, as a user would say it.
std::string expected_type(const document& rule) {
  auto type = rule.value("type", std::string{});
  if (type == "integer")
    return "an integer";
  if (type == "number")
    return "a number";
  if (type == "string")
    return "a string";
  if (type == "boolean")
    return "true or false";
  if (type == "object")
    return "an object";
  if (type == "array")
    return "an array";
  return type;
}

/// Problems found at a path, before they become config_problems.
using findings = std::vector<std::pair<tokens, std::string>>;

/// Keys of an object value its schema does not list, with the message naming what is allowed.
void unknown_keys(const tokens& at, const document& value, const document& rule, findings& out) {
  const auto& known = rule.at("properties");
  std::vector<std::string> allowed;
  for (auto& [name, sub] : known.items())
    allowed.push_back(name);
  for (auto& [key, sub] : value.items())
    if (!known.contains(key)) {
      auto path = at;
      path.push_back(key);
      out.emplace_back(std::move(path), "unknown key (allowed: " + join(allowed) + ")");
    }
}

/// Keys that break a propertyNames pattern, anywhere below `at`: valijson rejects them without saying
/// which.
void misnamed_keys(const tokens& at, const document& value, const document& rule, findings& out) {
  if (!value.is_structured())
    return;
  auto names = rule.find("propertyNames");
  for (auto& [key, child] : value.items()) { // an array item's key is its index
    auto path = at;
    path.push_back(key);
    if (value.is_object() && names != rule.end()) {
      auto pattern = names->at("pattern").get<std::string>();
      if (!std::regex_search(key, std::regex{pattern}))
        out.emplace_back(path, fmt::format("key {} does not match {}", json_string(key), pattern));
    }
    if (auto* sub = rule_at(rule, {path.back()}))
      misnamed_keys(path, child, *sub, out);
  }
}

/// Which bound of a rule a number breaks. Decided here rather than taken from valijson, which compares
/// integers as int64 and so sees 2^63 and above as negative.
std::string broken_bound(const document& value, const document& rule) {
  auto x = value.get<double>();
  auto bound = [&](const char* key) { return rule.at(key).get<double>(); };
  if (rule.contains("minimum") && x < bound("minimum"))
    return "is less than the minimum " + rule["minimum"].dump();
  if (rule.contains("exclusiveMinimum") && x <= bound("exclusiveMinimum"))
    return "must be greater than " + rule["exclusiveMinimum"].dump();
  if (rule.contains("maximum") && x > bound("maximum"))
    return "is greater than the maximum " + rule["maximum"].dump();
  return "must be less than " + rule.at("exclusiveMaximum").dump();
}

/// Turns one valijson error into problems: valijson says which constraint failed; the value comes
/// from the document and the limits from the schema, so messages show both.
void describe(const tokens& at, const std::string& what, const document& root, findings& out) {
  const document* value = find(root, at);
  const document* rule = rule_at(schema().tree, at);
  if (!value || !rule) {
    out.emplace_back(at, what);
    return;
  }
  auto v = shown(*value);
  auto limit = [&](const char* key) { return rule->at(key).dump(); };
  auto starts = [&](std::string_view prefix) { return what.rfind(prefix, 0) == 0; };
  if (starts("Value type not permitted")) {
    out.emplace_back(at, v + " is not " + expected_type(*rule));
  } else if (starts("Expected number")) {
    out.emplace_back(at, v + " " + broken_bound(*value, *rule));
  } else if (starts("Failed to match against any enum values")) {
    std::vector<std::string> choices;
    for (auto& choice : rule->value("enum", document::array()))
      choices.push_back(choice.is_string() ? choice.get<std::string>() : choice.dump());
    out.emplace_back(at, v + " is not one of " + join(choices));
  } else if (starts("Failed to match regex")) {
    out.emplace_back(at, v + " does not match " + rule->at("pattern").get<std::string>());
  } else if (unsigned first = 0, second = 0;
             std::sscanf(what.c_str(), "Elements at indexes #%u and #%u", &first, &second) == 2) {
    // valijson reports every equal pair; an item is reported once, against its first copy.
    for (unsigned k = 0; k < first; ++k)
      if ((*value)[k] == (*value)[second])
        return;
    auto path = at;
    path.push_back(std::to_string(second));
    out.emplace_back(std::move(path), fmt::format("{} repeats item {} (items must be unique)",
                                                  shown((*value)[second]), first));
  } else if (starts("Array should contain no fewer than")) {
    out.emplace_back(at, fmt::format("{} has {} items, expected at least {}", v, value->size(),
                                     limit("minItems")));
  } else if (starts("String should be no fewer than")) {
    out.emplace_back(at, v + " is shorter than the minimum length " + limit("minLength"));
  } else if (starts("Object should have no fewer than")) {
    out.emplace_back(at, fmt::format("{} has {} keys, expected at least {}", v, value->size(),
                                     limit("minProperties")));
  } else if (constexpr std::string_view missing = "Missing required property '"; starts(missing)) {
    auto path = at;
    path.push_back(what.substr(missing.size(), what.rfind('\'') - missing.size()));
    out.emplace_back(std::move(path), "required key is missing");
  } else if (starts("Object contains a property that could not be validated")) {
    // valijson names only the first unknown key; every one is reported.
    unknown_keys(at, *value, *rule, out);
  } else {
    out.emplace_back(at, what);
  }
}

bool starts_with(const tokens& path, const tokens& prefix) {
  return path.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), path.begin());
}

/// Schema problems, in document order, each said once by the most specific message.
std::vector<config_problem> check_schema(const document& root) {
  nlohmann::json plain = root;
  valijson::ValidationResults results;
  valijson::Validator validator;
  if (validator.validate(schema().compiled, valijson::adapters::NlohmannJsonAdapter{plain}, &results))
    return {};

  struct raw_error {
    tokens at;
    std::string what;
  };
  std::vector<raw_error> errors;
  for (auto& e : results) {
    raw_error raw{{}, e.description};
    // valijson's context is "<root>", "[key]", "[index]", ...
    for (size_t i = 1; i < e.context.size(); ++i)
      raw.at.push_back(e.context[i].substr(1, e.context[i].size() - 2));
    errors.push_back(std::move(raw));
  }
  findings found;
  misnamed_keys({}, root, schema().tree, found);
  // "Failed to validate item #1 in array" and the like only say that something below failed; they are
  // dropped when a finding below says what.
  auto wraps = [](const raw_error& e) { return e.what.rfind("Failed to validate", 0) == 0; };
  auto explained = [&](const raw_error& outer) {
    return std::any_of(errors.begin(), errors.end(),
                       [&](auto& inner) { return !wraps(inner) && starts_with(inner.at, outer.at); })
           || std::any_of(found.begin(), found.end(),
                          [&](auto& finding) { return starts_with(finding.first, outer.at); });
  };
  for (auto& e : errors)
    if (!wraps(e) || !explained(e))
      describe(e.at, e.what, root, found);

  std::stable_sort(found.begin(), found.end(), [&](auto& a, auto& b) {
    return document_order(root, a.first) < document_order(root, b.first);
  });
  std::vector<config_problem> problems;
  for (auto& [path, message] : found)
    problems.push_back({to_pointer(path), message});
  return problems;
}

// --- conversion and meaning -----------------------------------------------------------------------

const document& section(const document& root, const char* name) {
  static const document empty = document::object();
  auto i = root.find(name);
  return i == root.end() ? empty : *i;
}

template <class T>
void take(const document& from, const char* key, T& field) {
  if (auto i = from.find(key); i != from.end())
    field = i->get<T>();
}

/// A schema-valid document as settings; keys it leaves out keep the struct's defaults.
settings to_settings(const document& root) {
  settings s;
  for (auto& [name, entry] : section(root, "index_params").items()) {
    index_settings index;
    index.name = name;
    take(entry, "enable", index.enable);
    for (auto& bucket : entry.at("expiries"))
      index.expiries.push_back(*parse_expiry_bucket(bucket.get<std::string>()));
    take(entry, "strikes_itm", index.strikes_itm);
    take(entry, "strikes_otm", index.strikes_otm);
    s.indices.push_back(std::move(index));
  }
  auto& greeks = section(root, "greeks");
  take(greeks, "enabled", s.greeks.enabled);
  take(greeks, "estimate_iv", s.greeks.estimate_iv);
  take(greeks, "risk_free_rate", s.greeks.risk_free_rate);
  take(greeks, "iv_min", s.greeks.iv_min);
  take(greeks, "iv_max", s.greeks.iv_max);
  take(greeks, "iv_precision", s.greeks.iv_precision);
  take(greeks, "iv_max_iterations", s.greeks.iv_max_iterations);
  auto& collection = section(root, "collection");
  take(collection, "interval_seconds", s.collection.interval_seconds);
  take(collection, "cycle_timeout_seconds", s.collection.cycle_timeout_seconds);
  take(collection, "quote_max_age_seconds", s.collection.quote_max_age_seconds);
  auto& storage = section(root, "storage");
  take(storage, "data_dir", s.storage.data_dir);
  take(storage, "sqlite_file", s.storage.sqlite_file);
  take(storage, "synchronous", s.storage.synchronous);
  take(storage, "busy_timeout_ms", s.storage.busy_timeout_ms);
  auto& providers = section(root, "providers");
  take(providers, "primary", s.providers.primary);
  take(providers, "request_timeout_seconds", s.providers.request_timeout_seconds);
  auto& breaker = section(providers, "breaker");
  take(breaker, "window", s.providers.breaker.window);
  take(breaker, "min_calls", s.providers.breaker.min_calls);
  take(breaker, "failure_rate", s.providers.breaker.failure_rate);
  take(breaker, "open_seconds", s.providers.breaker.open_seconds);
  take(breaker, "half_open_trials", s.providers.breaker.half_open_trials);
  take(section(providers, "synthetic"), "seed", s.providers.synthetic.seed);
  auto& supervision = section(root, "supervision");
  take(supervision, "max_restarts", s.supervision.max_restarts);
  take(supervision, "within_seconds", s.supervision.within_seconds);
  take(supervision, "backoff_initial_ms", s.supervision.backoff_initial_ms);
  take(supervision, "backoff_max_ms", s.supervision.backoff_max_ms);
  take(supervision, "shutdown_timeout_seconds", s.supervision.shutdown_timeout_seconds);
  take(section(root, "analytics"), "pool_size", s.analytics.pool_size);
  take(section(root, "logging"), "level", s.logging.level);
  auto& faults = section(root, "faults");
  take(faults, "latency_ms", s.faults.latency_ms);
  take(faults, "error_rate", s.faults.error_rate);
  take(faults, "garbage_rate", s.faults.garbage_rate);
  if (auto crashes = faults.find("collector_crashes"); crashes != faults.end())
    for (auto& crash : *crashes)
      s.faults.collector_crashes.push_back(
        {crash.at("index").get<std::string>(), crash.at("cycle").get<uint64_t>()});
  return s;
}

/// What the schema cannot say: relations between keys, and indices the calendars must know.
void check_meaning(const settings& s, std::vector<config_problem>& problems) {
  bool any_enabled = false;
  for (auto& index : s.indices) {
    if (!index.enable)
      continue;
    any_enabled = true;
    if (!has_expiry_rules(index.name))
      problems.push_back({"/index_params/" + index.name,
                          fmt::format("{} is enabled, but the exchange calendars have no expiry rules "
                                      "for it (config/calendars/expiry_rules.json)", index.name)});
  }
  if (!any_enabled)
    problems.push_back({"/index_params", "no index is enabled"});
  if (!(s.greeks.iv_min < s.greeks.iv_max))
    problems.push_back({"/greeks/iv_min",
                        fmt::format("{} is not less than iv_max ({})", s.greeks.iv_min, s.greeks.iv_max)});
  if (s.providers.breaker.min_calls > s.providers.breaker.window)
    problems.push_back({"/providers/breaker/min_calls",
                        fmt::format("{} is greater than window ({})", s.providers.breaker.min_calls,
                                    s.providers.breaker.window)});
  if (s.supervision.backoff_initial_ms > s.supervision.backoff_max_ms)
    problems.push_back({"/supervision/backoff_initial_ms",
                        fmt::format("{} is greater than backoff_max_ms ({})",
                                    s.supervision.backoff_initial_ms, s.supervision.backoff_max_ms)});
  for (size_t i = 0; i < s.faults.collector_crashes.size(); ++i) {
    auto& name = s.faults.collector_crashes[i].index;
    if (std::none_of(s.indices.begin(), s.indices.end(), [&](auto& x) { return x.name == name; }))
      problems.push_back({fmt::format("/faults/collector_crashes/{}/index", i),
                          json_string(name) + " is not in index_params"});
  }
}

} // namespace

environment process_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (const char* value = std::getenv(std::string{name}.c_str()))
      return std::string{value};
    return std::nullopt;
  };
}

std::optional<std::string> config_path_from_env(const environment& env) {
  return variable(env, "G6_CONFIG");
}

load_result load_settings_json(std::string_view text, const environment& env) {
  load_result result;
  auto& problems = result.problems;
  auto doc = parse(text, problems);
  auto overrides = read_overrides(env, problems);
  if (!doc)
    return result;
  auto applied = apply_overrides(*doc, overrides, problems);
  for (auto& p : check_schema(*doc)) {
    // A bad value that came from the environment is reported against its variable.
    if (auto i = applied.find(p.where); i != applied.end()) {
      p.message += " (" + dotted(p.where) + ")";
      p.where = i->second;
    }
    problems.push_back(std::move(p));
  }
  if (!problems.empty())
    return result;
  auto s = to_settings(*doc);
  check_meaning(s, problems);
  if (problems.empty())
    result.value = std::move(s);
  return result;
}

load_result load_settings(const std::filesystem::path& file, const environment& env) {
  std::string text;
  if (auto unreadable = read_file(file, text)) {
    load_result result;
    result.problems.push_back(std::move(*unreadable));
    // Malformed variables are reported even without a file to apply them to.
    read_overrides(env, result.problems);
    return result;
  }
  return load_settings_json(text, env);
}

load_result load_default_settings(const environment& env) {
  return load_settings_json(embedded_file("g6.json"), env);
}

std::string format_problem(std::string_view source, const config_problem& p) {
  if (p.where.empty() || p.where == source)
    return fmt::format("{}: {}", source, p.message);
  return fmt::format("{}: {}: {}", source, p.where, p.message);
}

std::string settings_to_json(const settings& s) {
  document doc;
  auto& indices = doc["index_params"] = document::object();
  for (auto& index : s.indices) {
    auto expiries = document::array();
    for (auto bucket : index.expiries)
      expiries.push_back(std::string{to_string(bucket)});
    indices[index.name] = {{"enable", index.enable},
                           {"expiries", std::move(expiries)},
                           {"strikes_itm", index.strikes_itm},
                           {"strikes_otm", index.strikes_otm}};
  }
  auto& g = s.greeks;
  doc["greeks"] = {{"enabled", g.enabled},         {"estimate_iv", g.estimate_iv},
                   {"risk_free_rate", g.risk_free_rate}, {"iv_min", g.iv_min},
                   {"iv_max", g.iv_max},           {"iv_precision", g.iv_precision},
                   {"iv_max_iterations", g.iv_max_iterations}};
  auto& c = s.collection;
  doc["collection"] = {{"interval_seconds", c.interval_seconds},
                       {"cycle_timeout_seconds", c.cycle_timeout_seconds},
                       {"quote_max_age_seconds", c.quote_max_age_seconds}};
  auto& st = s.storage;
  doc["storage"] = {{"data_dir", st.data_dir},
                    {"sqlite_file", st.sqlite_file},
                    {"synchronous", st.synchronous},
                    {"busy_timeout_ms", st.busy_timeout_ms}};
  auto& p = s.providers;
  doc["providers"] = {{"primary", p.primary},
                      {"request_timeout_seconds", p.request_timeout_seconds},
                      {"breaker",
                       {{"window", p.breaker.window},
                        {"min_calls", p.breaker.min_calls},
                        {"failure_rate", p.breaker.failure_rate},
                        {"open_seconds", p.breaker.open_seconds},
                        {"half_open_trials", p.breaker.half_open_trials}}},
                      {"synthetic", {{"seed", p.synthetic.seed}}}};
  auto& sv = s.supervision;
  doc["supervision"] = {{"max_restarts", sv.max_restarts},
                        {"within_seconds", sv.within_seconds},
                        {"backoff_initial_ms", sv.backoff_initial_ms},
                        {"backoff_max_ms", sv.backoff_max_ms},
                        {"shutdown_timeout_seconds", sv.shutdown_timeout_seconds}};
  doc["analytics"] = {{"pool_size", s.analytics.pool_size}};
  doc["logging"] = {{"level", s.logging.level}};
  auto crashes = document::array();
  for (auto& crash : s.faults.collector_crashes)
    crashes.push_back({{"index", crash.index}, {"cycle", crash.cycle}});
  doc["faults"] = {{"latency_ms", s.faults.latency_ms},
                   {"error_rate", s.faults.error_rate},
                   {"garbage_rate", s.faults.garbage_rate},
                   {"collector_crashes", std::move(crashes)}};
  return doc.dump(2);
}

int validate_config_command(const std::filesystem::path& file, const environment& env,
                            std::ostream& out, std::ostream& err) {
  auto loaded = load_settings(file, env);
  if (!loaded.value) {
    for (auto& p : loaded.problems)
      err << format_problem(file.string(), p) << '\n';
    return 1;
  }
  out << file.string() << ": ok\n";
  return 0;
}

int show_config_command(const std::optional<std::filesystem::path>& file, const environment& env,
                        std::ostream& out, std::ostream& err) {
  auto chosen = file ? std::optional<std::string>{file->string()} : config_path_from_env(env);
  auto loaded = chosen ? load_settings(*chosen, env) : load_default_settings(env);
  if (!loaded.value) {
    for (auto& p : loaded.problems)
      err << format_problem(chosen.value_or(std::string{builtin_source}), p) << '\n';
    return 1;
  }
  out << settings_to_json(*loaded.value) << '\n';
  return 0;
}

} // namespace g6
