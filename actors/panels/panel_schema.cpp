#include "actors/panels/panel_schema.hpp"

#include <valijson/adapters/nlohmann_json_adapter.hpp>
#include <valijson/schema.hpp>
#include <valijson/schema_parser.hpp>
#include <valijson/validation_results.hpp>
#include <valijson/validator.hpp>

#include <map>
#include <memory>

namespace g6 {

namespace {

// Draft 7 schemas of the panels' data. Numbers that may be unknown are number-or-null.
constexpr const char* summary_schema = R"({
  "type": "object",
  "required": ["health", "stale_indices", "indices_total", "cycle"],
  "properties": {
    "health": {"enum": ["healthy", "degraded", "unhealthy"]},
    "stale_indices": {"type": "array", "items": {"type": "string"}},
    "indices_total": {"type": "integer", "minimum": 0},
    "cycle": {"type": ["integer", "null"], "minimum": 1},
    "time": {"type": "string"},
    "status": {"enum": ["ok", "partial", "failed"]},
    "indices_ok": {"type": "integer", "minimum": 0},
    "latency_ms": {"type": "number", "minimum": 0}
  }
})";

constexpr const char* indices_schema = R"({
  "type": "object",
  "required": ["indices"],
  "properties": {
    "indices": {"type": "array", "items": {
      "type": "object",
      "required": ["index", "stale"],
      "properties": {
        "index": {"type": "string"},
        "stale": {"type": "boolean"},
        "status": {"type": "string"},
        "underlying": {"type": ["number", "null"]},
        "change": {"type": ["number", "null"]},
        "change_pct": {"type": ["number", "null"]},
        "pcr": {"type": "object", "additionalProperties": {"type": ["number", "null"]}},
        "atm_iv": {"type": "object", "additionalProperties": {"type": ["number", "null"]}},
        "masks": {"type": "object", "required": ["expected", "collected", "missing"]},
        "options": {"type": "object", "required": ["collected", "expected"]},
        "cycle": {"type": "integer"},
        "as_of": {"type": "string"},
        "age_seconds": {"type": "number"}
      }
    }}
  }
})";

constexpr const char* chain_schema = R"({
  "type": "object",
  "required": ["index", "underlying", "cycle", "expiry", "strikes"],
  "definitions": {
    "leg": {"type": ["object", "null"], "required": ["ltp", "iv", "delta", "oi", "oi_change"],
            "additionalProperties": {"type": ["number", "null"]}}
  },
  "properties": {
    "index": {"type": "string"},
    "underlying": {"type": ["number", "null"]},
    "cycle": {"type": "integer"},
    "expiry": {"type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
    "atm_strike": {"type": "number"},
    "live": {"type": ["object", "null"], "required": ["as_of", "updates", "arrived_ms", "first_arrived_ms"],
             "properties": {"as_of": {"type": "string"}, "updates": {"type": "integer", "minimum": 1},
                            "arrived_ms": {"type": "integer", "minimum": 0},
                            "first_arrived_ms": {"type": "integer", "minimum": 0}}},
    "strikes": {"type": "array", "items": {
      "type": "object", "required": ["strike", "ce", "pe"],
      "properties": {"strike": {"type": "number"}, "ce": {"$ref": "#/definitions/leg"},
                     "pe": {"$ref": "#/definitions/leg"}}
    }}
  }
})";

constexpr const char* surface_schema = R"({
  "type": "object",
  "required": ["index", "cycle", "expiries"],
  "properties": {
    "index": {"type": "string"},
    "cycle": {"type": "integer"},
    "as_of": {"type": "string"},
    "expiries": {"type": "array", "items": {
      "type": "object",
      "required": ["expiry", "status", "T", "points_used", "excluded", "curve"],
      "properties": {
        "expiry": {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"},
        "bucket": {"enum": ["this_week", "next_week", "this_month", "next_month", ""]},
        "status": {"enum": ["fitted", "too_few_points", "one_sided", "no_forward", "expired", "disabled"]},
        "points_used": {"type": "integer", "minimum": 0},
        "excluded": {"type": "integer", "minimum": 0},
        "butterfly_ok": {"type": ["boolean", "null"]},
        "wing_ok": {"type": ["boolean", "null"]},
        "calendar_ok": {"type": ["boolean", "null"]},
        "fit_us": {"type": "integer", "minimum": 0},
        "curve": {"type": "array", "items": {"type": "array", "minItems": 3, "maxItems": 3,
                                             "items": {"type": ["number", "null"]}}}
      },
      "additionalProperties": {"type": ["number", "null"]}
    }}
  }
})";

constexpr const char* providers_schema = R"({
  "type": "object",
  "required": ["providers"],
  "properties": {
    "providers": {"type": "array", "items": {
      "type": "object",
      "required": ["provider", "breaker_state", "requests", "errors", "auth_state"],
      "properties": {
        "provider": {"type": "string"},
        "serving": {"type": "boolean"},
        "breaker_state": {"enum": ["closed", "open", "half_open"]},
        "requests": {"type": "integer", "minimum": 0},
        "rejected": {"type": "integer", "minimum": 0},
        "errors": {"type": "integer", "minimum": 0},
        "error_ratio": {"type": ["number", "null"], "minimum": 0, "maximum": 1},
        "requests_per_second": {"type": ["number", "null"], "minimum": 0},
        "auth_state": {"enum": ["not_required", "ok", "auth_required", "unknown"]},
        "endpoints": {"type": "array", "items": {
          "type": "object",
          "required": ["endpoint", "requests", "errors"],
          "properties": {
            "endpoint": {"type": "string"},
            "requests": {"type": "integer", "minimum": 0},
            "errors": {"type": "integer", "minimum": 0},
            "mean_latency_ms": {"type": ["number", "null"], "minimum": 0}
          }
        }},
        "ticker": {
          "type": "object",
          "required": ["connections", "subscribed", "quotes_streamed", "quotes_fallback"],
          "properties": {
            "connections": {"type": "object", "additionalProperties": {"type": "integer", "minimum": 0}},
            "apps": {"type": "object", "additionalProperties": {
              "type": "object", "additionalProperties": {"type": "integer", "minimum": 0}}},
            "subscribed": {"type": "integer", "minimum": 0},
            "left_out": {"type": "integer", "minimum": 0},
            "reconnects": {"type": "integer", "minimum": 0},
            "quotes_streamed": {"type": "integer", "minimum": 0},
            "quotes_fallback": {"type": "integer", "minimum": 0},
            "last_frame_age_seconds": {"type": ["number", "null"], "minimum": 0}
          }
        }
      }
    }}
  }
})";

constexpr const char* storage_schema = R"({
  "type": "object",
  "required": ["available"],
  "properties": {
    "available": {"type": "boolean"},
    "sink": {"type": "string"},
    "rows_written": {"type": "integer", "minimum": 0},
    "commits": {"type": "integer", "minimum": 0},
    "commit_latency_ms_last": {"type": "number", "minimum": 0},
    "commit_latency_ms_avg": {"type": "number", "minimum": 0},
    "database_bytes": {"type": "integer", "minimum": 0}
  }
})";

constexpr const char* system_schema = R"({
  "type": "object",
  "required": ["node", "components", "restarts_total", "resident_memory_bytes", "uptime_seconds"],
  "properties": {
    "node": {"type": "string"},
    "version": {"type": "string"},
    "components": {"type": "array", "items": {
      "type": "object", "required": ["label", "running", "restarts"],
      "properties": {"label": {"type": "string"}, "supervisor": {"type": "string"},
                     "running": {"type": "boolean"}, "restarts": {"type": "integer", "minimum": 0}}
    }},
    "restarts_total": {"type": "integer", "minimum": 0},
    "unanswered": {"type": "array", "items": {"type": "string"}},
    "resident_memory_bytes": {"type": "integer", "minimum": 0},
    "uptime_seconds": {"type": "number"}
  }
})";

struct compiled_schemas {
  compiled_schemas() {
    for (auto [name, text] : {std::pair{"summary", summary_schema},
                              {"indices", indices_schema},
                              {"chain", chain_schema},
                              {"surface", surface_schema},
                              {"providers", providers_schema},
                              {"storage", storage_schema},
                              {"system", system_schema}}) {
      auto doc = nlohmann::json::parse(text);
      valijson::SchemaParser parser{valijson::SchemaParser::kDraft7};
      parser.populateSchema(valijson::adapters::NlohmannJsonAdapter{doc}, by_name[name]);
    }
  }
  std::map<std::string, valijson::Schema> by_name;
};

const compiled_schemas& schemas() {
  static const compiled_schemas instance;
  return instance;
}

} // namespace

std::vector<std::string> validate_panel(const std::string& panel, const nlohmann::json& data) {
  auto key = panel.rfind("chain_", 0) == 0     ? std::string{"chain"}
             : panel.rfind("surface_", 0) == 0 ? std::string{"surface"}
                                               : panel;
  auto& all = schemas().by_name;
  auto schema = all.find(key);
  if (schema == all.end())
    return {"no schema for panel " + panel};
  valijson::Validator validator;
  valijson::ValidationResults results;
  if (validator.validate(schema->second, valijson::adapters::NlohmannJsonAdapter{data}, &results))
    return {};
  std::vector<std::string> problems;
  for (auto& e : results) {
    std::string where;
    for (size_t i = 1; i < e.context.size(); ++i)
      where += e.context[i];
    problems.push_back(panel + (where.empty() ? "" : " at " + where) + ": " + e.description);
  }
  return problems;
}

} // namespace g6
