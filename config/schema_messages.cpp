// schema_messages.cpp — valijson's verdict on a config document, said as readable problems (see
// schema_messages.hpp).
#include "config/schema_messages.hpp"

#include <fmt/format.h>
#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <algorithm>
#include <charconv>
#include <iterator>
#include <optional>
#include <regex>
#include <set>
#include <unordered_map>
#include <utility>

#include "config/embedded.hpp"

namespace g6::config_detail {

namespace {

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

/// Removes every uniqueItems keyword from a schema: repeated_items checks it instead.
void drop_unique_items(nlohmann::json& rule) {
  if (rule.is_object())
    rule.erase("uniqueItems");
  if (rule.is_structured())
    for (auto& child : rule)
      drop_unique_items(child);
}

/// config/schema.json: the tree (in file order, for messages) and valijson's compiled form, without
/// uniqueItems: valijson compares every pair of items and reports each equal pair, so 2,000 equal items
/// meant 2 million errors and minutes of work.
struct shipped_schema {
  shipped_schema() : tree(document::parse(embedded_file("schema.json"))) {
    nlohmann::json plain = tree;
    drop_unique_items(plain);
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

/// A rule with its "$ref" followed: the schema's shared rules are local, "#/definitions/NAME".
const document& resolved(const document& rule) {
  auto ref = rule.find("$ref");
  if (ref == rule.end())
    return rule;
  return schema().tree.at(document::json_pointer{ref->get<std::string>().substr(1)});
}

/// The alternative of an anyOf rule that holds a token below it (an object's key or an array's item): the
/// one with properties or items; the rule itself when it has no anyOf.
const document& structured_alternative(const document& rule) {
  auto any_of = rule.find("anyOf");
  if (any_of == rule.end())
    return rule;
  for (auto& alternative : *any_of)
    if (alternative.contains("properties") || alternative.contains("items")
        || alternative.contains("additionalProperties"))
      return alternative;
  return rule;
}

/// Whether a value has the JSON type an alternative asks for (a const: the const's type).
bool has_type_of(const document& value, const document& alternative) {
  if (auto constant = alternative.find("const"); constant != alternative.end())
    return value.type() == constant->type() || (value.is_string() && constant->is_string());
  auto type = alternative.value("type", std::string{});
  if (type == "integer")
    return value.is_number_integer();
  if (type == "number")
    return value.is_number();
  if (type == "string")
    return value.is_string();
  if (type == "boolean")
    return value.is_boolean();
  if (type == "object")
    return value.is_object();
  if (type == "array")
    return value.is_array();
  return false;
}

/// The alternative of an anyOf rule a value is meant for: the one of its type that is not a const (a
/// string that is not "all" is judged against the whole rule). The rule itself when it has no anyOf;
/// nullptr when no alternative of the value's type takes more than one value.
const document* alternative_for(const document& rule, const document& value) {
  auto any_of = rule.find("anyOf");
  if (any_of == rule.end())
    return &rule;
  for (auto& alternative : *any_of)
    if (!alternative.contains("const") && has_type_of(value, alternative))
      return &alternative;
  return nullptr;
}

/// What an anyOf rule accepts, as a user would say it: "an integer from 0 to 100 or \"all\"".
std::string accepted(const document& rule) {
  std::vector<std::string> ways;
  for (auto& alternative : rule.at("anyOf")) {
    if (auto constant = alternative.find("const"); constant != alternative.end()) {
      ways.push_back(constant->dump());
      continue;
    }
    auto type = alternative.value("type", std::string{});
    if (type == "integer" && alternative.contains("minimum") && alternative.contains("maximum"))
      ways.push_back(
        fmt::format("an integer from {} to {}", alternative["minimum"].dump(), alternative["maximum"].dump()));
    else if (type == "array" && alternative.contains("items") && alternative["items"].contains("enum")) {
      std::vector<std::string> names;
      for (auto& name : alternative["items"]["enum"])
        names.push_back(name.is_string() ? name.get<std::string>() : name.dump());
      ways.push_back("an array of " + join(names));
    } else {
      ways.push_back(type);
    }
  }
  std::string said;
  for (size_t i = 0; i < ways.size(); ++i)
    said += (i == 0 ? "" : i + 1 == ways.size() ? " or " : "; ") + ways[i];
  return said;
}

/// The schema that governs the value at a path, or nullptr where the schema allows nothing.
const document* rule_at(const document& schema_tree, const tokens& path) {
  const document* node = &resolved(schema_tree);
  for (auto& token : path) {
    node = &structured_alternative(*node);
    const document* next = nullptr;
    if (auto props = node->find("properties"); props != node->end() && props->contains(token))
      next = &(*props)[token];
    else if (auto items = node->find("items"); items != node->end())
      next = &*items;
    else if (auto other = node->find("additionalProperties"); other != node->end() && other->is_object())
      next = &*other;
    if (!next)
      return nullptr;
    node = &resolved(*next);
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

/// Items of an array that equal an earlier item, each reported once against its first copy: one pass
/// with a hash map of the items' canonical text.
void repeated_items(const tokens& at, const document& value, findings& out) {
  std::unordered_map<std::string, size_t> first;
  for (size_t i = 0; i < value.size(); ++i) {
    auto [seen, added] = first.try_emplace(nlohmann::json(value[i]).dump(), i); // keys sorted: canonical
    if (added)
      continue;
    auto path = at;
    path.push_back(std::to_string(i));
    out.emplace_back(std::move(path),
                     fmt::format("{} repeats item {} (items must be unique)", shown(value[i]), seen->second));
  }
}

/// What is checked here rather than by valijson, anywhere below `at`: keys that break a propertyNames
/// pattern (valijson rejects them without saying which) and items that break uniqueItems.
void own_checks(const tokens& at, const document& value, const document& any_rule, findings& out) {
  if (!value.is_structured())
    return;
  auto* chosen = alternative_for(any_rule, value);
  if (!chosen)
    return;
  const document& rule = *chosen;
  if (value.is_array() && rule.value("uniqueItems", false))
    repeated_items(at, value, out);
  auto names = rule.find("propertyNames");
  std::optional<std::string> pattern;
  std::regex compiled;
  if (value.is_object() && names != rule.end()) {
    pattern = names->at("pattern").get<std::string>();
    compiled = std::regex{*pattern};
  }
  for (auto& [key, child] : value.items()) { // an array item's key is its index
    auto path = at;
    path.push_back(key);
    if (pattern && !std::regex_search(key, compiled))
      out.emplace_back(path, fmt::format("key {} does not match {}", json_string(key), *pattern));
    if (auto* sub = rule_at(rule, {path.back()}))
      own_checks(path, child, *sub, out);
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
  const document* value = value_at(root, at);
  const document* rule = rule_at(schema().tree, at);
  if (!value || !rule) {
    out.emplace_back(at, what);
    return;
  }
  auto v = shown(*value);
  auto starts = [&](std::string_view prefix) { return what.rfind(prefix, 0) == 0; };
  if (rule->contains("anyOf")) {
    // valijson reports every alternative's failure and then the anyOf's own. The alternative meant for the
    // value's type speaks for it; without one, the anyOf's failure says what is accepted.
    bool from_other_alternative =
      starts("Value type not permitted") || starts("Failed to match expected value set by 'const'");
    auto* chosen = alternative_for(*rule, *value);
    if (starts("Failed to validate against any schemas allowed by anyOf")) {
      if (!chosen)
        out.emplace_back(at, v + " is not " + accepted(*rule));
      return;
    }
    if (from_other_alternative || !chosen)
      return;
    rule = chosen;
  }
  auto limit = [&](const char* key) { return rule->at(key).dump(); };
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
  } else if (starts("Array should contain no fewer than")) {
    out.emplace_back(at, fmt::format("{} has {} items, expected at least {}", v, value->size(), limit("minItems")));
  } else if (starts("String should be no fewer than")) {
    out.emplace_back(at, v + " is shorter than the minimum length " + limit("minLength"));
  } else if (starts("Object should have no fewer than")) {
    out.emplace_back(at, fmt::format("{} has {} keys, expected at least {}", v, value->size(), limit("minProperties")));
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

} // namespace

std::vector<config_problem> check_schema(const document& root) {
  nlohmann::json plain = root;
  valijson::ValidationResults results;
  valijson::Validator validator;
  bool valid = validator.validate(schema().compiled, valijson::adapters::NlohmannJsonAdapter{plain}, &results);
  findings found;
  own_checks({}, root, schema().tree, found);
  if (valid && found.empty())
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
  // "Failed to validate item #1 in array" and the like only say that something below failed; they are
  // dropped when a finding at or below their path says what. Every such path is collected once, so this
  // stays n log n with thousands of errors.
  // An anyOf's failure is not one of them: describe() keeps it when no alternative suits the value.
  auto wraps = [](const raw_error& e) {
    return e.what.rfind("Failed to validate", 0) == 0
           && e.what.rfind("Failed to validate against any schemas allowed by anyOf", 0) != 0;
  };
  std::set<tokens> said_below;
  auto add_prefixes = [&](const tokens& path) {
    for (size_t n = 0; n <= path.size(); ++n)
      said_below.emplace(path.begin(), path.begin() + static_cast<std::ptrdiff_t>(n));
  };
  for (auto& e : errors)
    if (!wraps(e))
      add_prefixes(e.at);
  for (auto& finding : found)
    add_prefixes(finding.first);
  for (auto& e : errors)
    if (!wraps(e) || !said_below.count(e.at))
      describe(e.at, e.what, root, found);

  std::vector<std::pair<std::vector<size_t>, size_t>> order; // document order of each finding, its index
  order.reserve(found.size());
  for (size_t i = 0; i < found.size(); ++i)
    order.emplace_back(document_order(root, found[i].first), i);
  std::stable_sort(order.begin(), order.end(), [](auto& a, auto& b) { return a.first < b.first; });
  std::vector<config_problem> problems;
  for (auto& [position, i] : order)
    problems.push_back({to_pointer(found[i].first), found[i].second});
  return problems;
}

} // namespace g6::config_detail
