// console_service.cpp — what a node does for each console command: it asks its own components through
// the registry, and a hub also asks (or steers) the collector node that owns an index.
#include <caf/all.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <memory>
#include <string_view>

#include "actors/network/console_command.hpp"
#include "actors/network/gateway_state.hpp"
#include "actors/network/settings_render.hpp"
#include "actors/node/registry_lookup.hpp"
#include "messages/status_fields.hpp"

namespace g6 {

namespace {

using text_promise = caf::typed_response_promise<std::string>;
constexpr auto ask_timeout = std::chrono::seconds(10);

/// Runs `next` with the node's status at verbosity `v`.
template <class F>
void with_status(gateway_pointer self, text_promise rp, status_verbosity v, F next) {
  self->request(self->state.options.node, ask_timeout, status_atom_v, v)
    .then([=](caf::settings& s) mutable { next(s); },
          [=](caf::error& err) mutable { rp.deliver(caf::error{std::move(err)}); });
}

/// Runs `next` with the handle of `which` on `node` (local or a collector's).
template <class Handle, class F>
void with_component(gateway_pointer self, text_promise rp, const caf::actor& node, const component<Handle>& which,
                    F next) {
  lookup(self, caf::actor_cast<node_actor>(node), which, ask_timeout, next,
         [=](const std::string& why) mutable { rp.deliver(make_console_error(why + " on that node")); });
}

std::string nodes_text(const gateway_state& st) {
  std::string out = fmt::format("{:<16} {:<10} {:<12} {}\n", "NODE", "ROLE", "STATE", "INDICES");
  out += fmt::format("{:<16} {:<10} {:<12} {}\n", st.options.node_name, to_string(st.options.role), "this node", "");
  for (auto& [name, peer] : st.peers) {
    std::string list;
    for (auto& index : peer.indices)
      list += (list.empty() ? "" : ", ") + index;
    out += fmt::format("{:<16} {:<10} {:<12} {}{}\n", name, "collector", peer.connected ? "connected" : "lost", list,
                       peer.connected ? "" : "  (" + peer.lost_reason + ")");
  }
  return out;
}

std::string hub_indices_text(const gateway_state& st) {
  std::string out = fmt::format("{:<12} {:<16} {:<8} {}\n", "INDEX", "NODE", "STATE", "BATCHES");
  std::set<std::string> listed;
  for (auto& [name, peer] : st.peers)
    for (auto& index : peer.indices) {
      if (!listed.insert(index).second)
        continue;
      auto owner = st.claims.owner(index);
      bool live = owner && *owner == name && peer.connected;
      out += fmt::format("{:<12} {:<16} {:<8} {}\n", index, owner.value_or(name),
                         live                    ? "live"
                         : st.stale.count(index) ? "stale"
                                                 : "-",
                         peer.batches);
    }
  return out;
}

/// The clock of the node collecting `index`: a hub's peer that owns it, else this node's.
caf::actor node_collecting(gateway_pointer self, const std::string& index) {
  auto& st = self->state;
  if (st.options.role == node_role::hub) {
    auto owner = st.claims.owner(index);
    if (!owner)
      return {};
    return st.peers[*owner].node;
  }
  return caf::actor_cast<caf::actor>(st.options.node);
}

void pause_or_resume(gateway_pointer self, text_promise rp, const std::string& index, bool pause) {
  auto node = node_collecting(self, index);
  if (!node) {
    rp.deliver(make_console_error("no connected node collects " + index));
    return;
  }
  with_component(self, rp, node, components::clock, [=](const clock_actor& clock) mutable {
    self->request(clock, ask_timeout, pause_atom_v, index, pause)
      .then(
        [=](bool known) mutable {
          if (!known)
            rp.deliver(make_console_error("unknown index " + index));
          else
            rp.deliver(fmt::format("{} {}\n", index, pause ? "paused" : "resumed"));
        },
        [=](caf::error& err) mutable { rp.deliver(caf::error{std::move(err)}); });
  });
}

void cycle_now(gateway_pointer self, text_promise rp) {
  auto& st = self->state;
  std::vector<caf::actor> nodes;
  if (st.options.role == node_role::hub) {
    for (auto& [name, peer] : st.peers)
      if (peer.connected)
        nodes.push_back(peer.node);
  } else {
    nodes.push_back(caf::actor_cast<caf::actor>(st.options.node));
  }
  if (nodes.empty()) {
    rp.deliver(make_console_error(std::string{"no node with a clock is connected"}));
    return;
  }
  auto pending = std::make_shared<size_t>(nodes.size());
  for (auto& node : nodes)
    with_component(self, rp, node, components::clock, [=](const clock_actor& clock) mutable {
      self->send(clock, tick_atom_v);
      if (--*pending == 0)
        rp.deliver(std::string{"cycle requested\n"});
    });
}

/// Finds the supervisor whose children include `label` (from the supervisors' status) and has it
/// restart that child.
void restart(gateway_pointer self, text_promise rp, const std::string& label) {
  with_status(self, rp, status_verbosity::terse, [=](caf::settings& s) mutable {
    for (auto& [key, value] : s) {
      auto which = components::supervisor.by_label(key);
      if (!which)
        continue;
      auto* sup = caf::get_if<caf::config_value::dictionary>(&value);
      auto* children = sup ? caf::get_if<caf::config_value::dictionary>(&(*sup)[status_keys::children]) : nullptr;
      if (!children || children->count(label) == 0)
        continue;
      with_component(self, rp, caf::actor_cast<caf::actor>(self->state.options.node), *which,
                     [=](const supervisor_actor& supervisor) mutable {
                       self->send(supervisor, restart_atom_v, label);
                       rp.deliver(fmt::format("{} restarting (by {})\n", label, key));
                     });
      return;
    }
    rp.deliver(make_console_error("no supervisor has a child named " + label));
  });
}

/// Every "provider" entry of the status, local and (on a hub) each collector's.
void breakers(gateway_pointer self, text_promise rp) {
  with_status(self, rp, status_verbosity::terse, [=](caf::settings& s) mutable {
    caf::settings found;
    auto& provider = components::provider.label;
    if (auto i = s.find(provider); i != s.end())
      found.emplace(self->state.options.node_name, i->second);
    std::string_view remote_prefix = status_keys::remote_prefix;
    if (auto g = s.find(components::gateway.label); g != s.end())
      if (auto* gw = caf::get_if<caf::config_value::dictionary>(&g->second))
        for (auto& [key, value] : *gw)
          if (auto* remote = caf::get_if<caf::config_value::dictionary>(&value);
              remote && key.compare(0, remote_prefix.size(), remote_prefix) == 0)
            if (auto i = remote->find(provider); i != remote->end())
              found.emplace(key.substr(remote_prefix.size()), i->second);
    rp.deliver(found.empty() ? std::string{"no providers on this node\n"} : settings_to_text(found));
  });
}

} // namespace

caf::typed_response_promise<std::string> run_console_command(gateway_pointer self,
                                                             const std::vector<std::string>& words) {
  auto rp = self->make_response_promise<std::string>();
  auto parsed = parse_console_command(words);
  if (!parsed) {
    rp.deliver(make_console_error(parsed.error()));
    return rp;
  }
  auto cmd = *parsed;
  auto& st = self->state;
  switch (cmd.verb) {
    case console_verb::status:
      with_status(self, rp, cmd.detailed ? status_verbosity::detailed : status_verbosity::terse,
                  [=](caf::settings& s) mutable {
                    rp.deliver(cmd.json ? settings_to_json(s).dump(2) + "\n" : settings_to_text(s));
                  });
      break;
    case console_verb::components:
      with_status(self, rp, status_verbosity::terse, [=](caf::settings& s) mutable {
        std::string out;
        for (auto& [key, value] : s)
          if (key != "node")
            out += key + "\n";
        rp.deliver(out);
      });
      break;
    case console_verb::nodes:
      rp.deliver(nodes_text(st));
      break;
    case console_verb::indices:
      if (st.options.role == node_role::hub) {
        rp.deliver(hub_indices_text(st));
        break;
      }
      with_component(self, rp, caf::actor_cast<caf::actor>(st.options.node), components::clock,
                     [=](const clock_actor& clock) mutable {
                       self->request(clock, ask_timeout, status_atom_v, status_verbosity::terse)
                         .then(
                           [=](caf::settings& s) mutable {
                             auto figures = read_figures<clock_figures>(s);
                             std::string out = fmt::format("{:<12} {}\n", "INDEX", "STATE");
                             for (auto& index : figures.indices)
                               out += fmt::format("{:<12} {}\n", index,
                                                  std::count(figures.paused.begin(), figures.paused.end(), index)
                                                    ? "paused"
                                                    : "collecting");
                             rp.deliver(out);
                           },
                           [=](caf::error& err) mutable { rp.deliver(caf::error{std::move(err)}); });
                     });
      break;
    case console_verb::breakers:
      breakers(self, rp);
      break;
    case console_verb::pause:
    case console_verb::resume:
      pause_or_resume(self, rp, cmd.argument, cmd.verb == console_verb::pause);
      break;
    case console_verb::cycle_now:
      cycle_now(self, rp);
      break;
    case console_verb::restart:
      restart(self, rp, cmd.argument);
      break;
    case console_verb::log_level:
      spdlog::set_level(spdlog::level::from_str(cmd.argument));
      spdlog::info("log level set to {} by the console", cmd.argument);
      rp.deliver("log level " + cmd.argument + "\n");
      break;
    case console_verb::help:
      rp.deliver(console_help());
      break;
  }
  return rp;
}

} // namespace g6
