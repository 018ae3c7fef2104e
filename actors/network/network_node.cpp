#include "actors/network/network_node.hpp"

#include <caf/all.hpp>
#include <caf/io/middleman.hpp>
#include <unistd.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "actors/network/node_file.hpp"
#include "messages/components.hpp"

namespace g6 {

void configure_network(caf::actor_system_config& cfg, const node_settings& nodes) {
  cfg.load<caf::io::middleman>();
  auto ms = [](double x) { return caf::timespan{std::chrono::milliseconds(static_cast<int64_t>(x))}; };
  cfg.set("middleman.heartbeat-interval", ms(nodes.heartbeat_ms));
  cfg.set("middleman.connection-timeout", ms(nodes.connection_timeout_ms));
  cfg.add_error_category(caf::atom("peer"), render_peer_error);
}

expected<listening_node, std::string> open_gateway(caf::actor_system& sys, gateway_options options,
                                                   const host_port& listen, const std::filesystem::path& data_dir) {
  if (auto why = listen_refusal(listen.host, options.secret))
    return unexpected{*why};
  auto node = options.node;
  auto role = options.role;
  auto secret = options.secret;
  auto gateway = spawn_gateway(sys, std::move(options));
  caf::anon_send(node, caf::put_atom_v, components::gateway.label, caf::actor_cast<caf::actor>(gateway));
  auto port = sys.middleman().publish(gateway, listen.port, listen.host.c_str(), true);
  if (!port) {
    caf::anon_send_exit(gateway, caf::exit_reason::user_shutdown);
    return unexpected{fmt::format("cannot listen on {}:{}: {}", listen.host, listen.port, sys.render(port.error()))};
  }
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  // Without the node file a local console needs --connect; the node itself works on.
  auto written = write_node_file(data_dir, node_file{role, static_cast<long>(::getpid()), listen.host, *port, secret});
  if (!written)
    spdlog::warn("node file {}; g6 console needs --connect {}:{}", written.error(), listen.host, *port);
  return listening_node{gateway, *port};
}

} // namespace g6
