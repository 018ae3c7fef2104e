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
#include <cstdio>
#include <iterator>
#include <regex>
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

/// A rule with its "$ref" followed: the schema's shared rules are local, "#/definitions/NAME".
const document& resolved(const document& rule) {
  auto ref = rule.find("$ref");
  if (ref == rule.end())
    return rule;
  return schema().tree.at(document::json_pointer{ref->get<std::string>().substr(1)});
}

/// The schema that governs the value at a path, or nullptr where the schema allows nothing.
const document* rule_at(const document& schema_tree, const tokens& path) {
  const document* node = &resolved(schema_tree);
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
  const document* value = value_at(root, at);
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

} // namespace

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

} // namespace g6::config_detail
