// Graph cache: endpoints from the DDS built-in topics, nodes from ros_discovery_info (rmw_dds_common's GraphCache).
#include "rclx/graph.hpp"

#include <algorithm>
#include <cstdlib>
#include <functional>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <stdexcept>
#include <cstring>
#include <tuple>

#include "dds/endpoint.hpp"
#include "dds/qos.hpp"
#include "dds/sertype.hpp"
#include "dds/write_batch.hpp"
#include "graph/discovery_info.hpp"
#include "rclx/serialized_message.hpp"
#include "rclx/service.hpp"

namespace rclx {

namespace {

constexpr const char* kDiscoveryTopic = "ros_discovery_info";
constexpr const char* kDiscoveryType = "rmw_dds_common::msg::dds_::ParticipantEntitiesInfo_";
// The REP 2011 hash of rmw_dds_common/msg/ParticipantEntitiesInfo (Jazzy's), announced as rmw_cyclonedds does.
constexpr const char* kDiscoveryUserData =
    "typehash=RIHS01_91a0593bacdcc50ea9bdcf849a938b128412cc1ea821245c663bcd26f83c295e;";
constexpr const char* kUnknownName = "_NODE_NAME_UNKNOWN_";
constexpr const char* kUnknownNamespace = "_NODE_NAMESPACE_UNKNOWN_";

std::string guid_bytes(const dds_guid_t& g) { return std::string(reinterpret_cast<const char*>(g.v), sizeof(g.v)); }

/// Strips `prefix` + "/" ... `suffix` from a DDS topic name; "" when it does not have that shape.
std::string strip(const std::string& topic, const std::string& prefix, const std::string& suffix) {
  if (topic.size() < prefix.size() + 1 + suffix.size() || topic.compare(0, prefix.size(), prefix) != 0 ||
      topic[prefix.size()] != '/') {
    return {};
  }
  if (!suffix.empty() && topic.compare(topic.size() - suffix.size(), suffix.size(), suffix) != 0) return {};
  return topic.substr(prefix.size(), topic.size() - prefix.size() - suffix.size());
}

std::string identity(const std::string& s) { return s; }
std::string demangle_request(const std::string& t) { return strip(t, "rq", "Request"); }
std::string demangle_reply(const std::string& t) { return strip(t, "rr", "Reply"); }
std::string demangle_service(const std::string& t) {
  std::string s = demangle_request(t);
  return s.empty() ? demangle_reply(t) : s;
}

}  // namespace

std::string demangle_ros_topic(const std::string& dds_topic) { return strip(dds_topic, "rt", ""); }

std::string demangle_ros_type(const std::string& dds_type) {
  if (dds_type.empty() || dds_type.back() != '_') return dds_type;
  const std::size_t pos = dds_type.find("dds_::");
  if (pos == std::string::npos) return dds_type;
  std::string ns = dds_type.substr(0, pos);
  std::string out;
  for (std::size_t i = 0; i < ns.size(); ++i) {
    if (ns.compare(i, 2, "::") == 0) {
      out += '/';
      ++i;
    } else {
      out += ns[i];
    }
  }
  return out + dds_type.substr(pos + 6, dds_type.size() - 1 - (pos + 6));
}

std::string demangle_service_type(const std::string& dds_type) {
  const std::size_t pos = dds_type.find("dds_::");
  if (pos == std::string::npos) return {};
  std::size_t suffix = dds_type.rfind("_Request_");
  if (suffix == std::string::npos || suffix + 9 != dds_type.size()) suffix = dds_type.rfind("_Response_");
  if (suffix == std::string::npos || suffix < pos + 6) return {};
  // Reuse the message rule on "<ns>dds_::<Type>_".
  return demangle_ros_type(dds_type.substr(0, suffix) + "_");
}

std::string parse_type_hash(const std::string& text) {
  static constexpr char kPrefix[] = "RIHS01_";
  constexpr std::size_t kPrefixSize = sizeof(kPrefix) - 1;
  constexpr std::size_t kHashSize = 32;
  if (text.size() != kPrefixSize + 2 * kHashSize || text.compare(0, kPrefixSize, kPrefix) != 0) return {};
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  std::string out(kHashSize, '\0');
  for (std::size_t i = 0; i < kHashSize; ++i) {
    const int hi = nibble(text[kPrefixSize + 2 * i]);
    const int lo = nibble(text[kPrefixSize + 2 * i + 1]);
    if (hi < 0 || lo < 0) return {};
    out[i] = static_cast<char>((hi << 4) | lo);
  }
  return out;
}

namespace {

/// The value of `key` in an entity's user data ("key=value;..."); "" if it has none.
std::string user_data_entry(const dds_qos_t* qos, const char* key) {
  void* value = nullptr;
  size_t size = 0;
  if (qos == nullptr || !dds_qget_userdata(qos, &value, &size) || value == nullptr) return {};
  const std::string user_data(static_cast<const char*>(value), size);
  dds_free(value);
  std::string entry;
  return detail::user_data_value(user_data, key, entry) ? entry : std::string();
}

/// The type hash an endpoint announces in its user data ("typehash=RIHS01_<hex>;"), as 32 bytes; "" if none.
std::string announced_type_hash(const dds_qos_t* qos) {
  const std::string hash = user_data_entry(qos, "typehash");
  return hash.empty() ? std::string() : parse_type_hash(hash);
}

}  // namespace

struct Graph::Impl {
  struct EndpointEntry {
    std::string gid;
    std::string participant_gid;
    std::string topic;
    std::string type;
    QoSProfile qos;
    std::string type_hash;  // 32 bytes, or empty
    bool is_reader = false;
  };
  struct LocalEndpoint {
    const void* key;
    std::string gid;
    bool is_reader;
  };
  struct LocalNode {
    const void* key;
    std::string ns;
    std::string name;
    std::vector<LocalEndpoint> endpoints;
  };

  std::mutex mutex;  // guards everything below
  bool closed = false;
  detail::GidLayout gid_layout;  // the Gid size we publish: RCLX_DISCOVERY_GID_SIZE, else what our peers use
  std::string own_gid;
  detail::Entity participant_reader;
  detail::Entity publication_reader;
  detail::Entity subscription_reader;
  std::unique_ptr<detail::Endpoint> info_reader;
  std::unique_ptr<detail::Endpoint> info_writer;
  std::map<dds_instance_handle_t, std::string> participants;  // alive participants: instance -> GUID
  std::map<std::string, std::string> enclaves;  // participant GUID -> its user data's enclave (ours included)
  std::map<dds_instance_handle_t, EndpointEntry> endpoints;   // alive readers and writers
  std::map<std::string, std::vector<NodeEntitiesInfo>> remote_nodes;  // participant GUID -> its nodes
  std::vector<LocalNode> local_nodes;                                 // in creation order
  // The discovery thread drains the readers as data arrives (as rmw_cyclonedds' discovery thread
  // does), so the keep-all ros_discovery_info reader never piles up samples between queries.
  detail::Entity waitset;
  detail::Entity wake;  // guard condition: set by shutdown() to stop the thread
  detail::Entity participant_cond, publication_cond, subscription_cond;
  std::thread thread;  // not guarded: started by the constructor, joined by shutdown()

  void run() {
    for (;;) {
      dds_attach_t triggered[8];
      const dds_return_t n = dds_waitset_wait(waitset.get(), triggered, 8, DDS_INFINITY);
      std::lock_guard<std::mutex> lock(mutex);
      if (closed || n < 0) return;
      update_l();
    }
  }

  // ---- taking discovery data (caller holds mutex) ----

  void update_l() {
    if (closed) return;
    take_participants_l();
    take_endpoints_l(publication_reader.get(), false);
    take_endpoints_l(subscription_reader.get(), true);
    take_discovery_info_l();
  }

  template <typename Sample, typename Fn>
  static void take_builtin(dds_entity_t reader, Fn&& fn) {
    constexpr int kChunk = 32;
    for (;;) {
      void* samples[kChunk] = {};
      dds_sample_info_t infos[kChunk];
      const dds_return_t n = dds_take(reader, samples, infos, kChunk, kChunk);
      if (n <= 0) return;
      for (dds_return_t i = 0; i < n; ++i) fn(static_cast<const Sample*>(samples[i]), infos[i]);
      (void)dds_return_loan(reader, samples, n);
      if (n < kChunk) return;
    }
  }

  void take_participants_l() {
    take_builtin<dds_builtintopic_participant_t>(
        participant_reader.get(), [&](const dds_builtintopic_participant_t* s, const dds_sample_info_t& info) {
          if (info.instance_state != DDS_ALIVE_INSTANCE_STATE) {
            auto it = participants.find(info.instance_handle);
            if (it != participants.end()) {
              remote_nodes.erase(it->second);
              if (it->second != own_gid) enclaves.erase(it->second);
              participants.erase(it);
            }
          } else if (info.valid_data) {
            const std::string gid = guid_bytes(s->key);
            participants[info.instance_handle] = gid;
            if (gid != own_gid) enclaves[gid] = user_data_entry(s->qos, "enclave");
          }
        });
  }

  void take_endpoints_l(dds_entity_t reader, bool is_reader) {
    take_builtin<dds_builtintopic_endpoint_t>(
        reader, [&](const dds_builtintopic_endpoint_t* s, const dds_sample_info_t& info) {
          if (info.instance_state != DDS_ALIVE_INSTANCE_STATE) {
            endpoints.erase(info.instance_handle);
          } else if (info.valid_data && std::strncmp(s->topic_name, "DCPS", 4) != 0) {
            EndpointEntry e;
            e.gid = guid_bytes(s->key);
            e.participant_gid = guid_bytes(s->participant_key);
            e.topic = s->topic_name;
            e.type = s->type_name;
            e.qos = detail::from_dds_qos(s->qos);
            // History is not part of DDS discovery data: report it unknown, as rmw does.
            dds_history_kind_t hk;
            int32_t depth;
            if (!dds_qget_history(s->qos, &hk, &depth)) {
              e.qos.history = History::Unknown;
              e.qos.depth = 0;
            }
            e.type_hash = announced_type_hash(s->qos);
            e.is_reader = is_reader;
            endpoints[info.instance_handle] = std::move(e);
          }
        });
  }

  void take_discovery_info_l() {
    constexpr std::uint32_t kChunk = 16;
    for (;;) {
      ddsi_serdata* samples[kChunk];
      dds_sample_info_t infos[kChunk];
      const dds_return_t n = dds_takecdr(info_reader->handle(), samples, kChunk, infos, 0);
      if (n <= 0) return;
      bool layout_changed = false;
      for (dds_return_t i = 0; i < n; ++i) {
        SerializedMessage msg(samples[i]);
        if (!infos[i].valid_data) continue;
        try {
          std::size_t gid_size = 0;
          ParticipantEntitiesInfo pi = detail::decode_participant_entities_info(msg.data(), msg.size(), gid_size);
          if (pi.gid == own_gid) continue;  // our own sample: the reader ignores its own participant
          layout_changed = gid_layout.observe(gid_size) || layout_changed;
          remote_nodes[pi.gid] = std::move(pi.nodes);
        } catch (const CdrError&) {
          // A malformed sample from a foreign writer must not break graph queries: drop it.
        }
      }
      if (layout_changed) publish_l();  // a Humble peer appeared: say who we are in its layout
      if (static_cast<std::uint32_t>(n) < kChunk) return;
    }
  }

  // ---- publishing our own nodes (caller holds mutex) ----

  ParticipantEntitiesInfo own_info_l() const {
    ParticipantEntitiesInfo info;
    info.gid = own_gid;
    for (const LocalNode& n : local_nodes) {
      NodeEntitiesInfo ni{n.ns, n.name, {}, {}};
      for (const LocalEndpoint& e : n.endpoints) (e.is_reader ? ni.reader_gids : ni.writer_gids).push_back(e.gid);
      info.nodes.push_back(std::move(ni));
    }
    return info;
  }

  void publish_l() noexcept {
    if (closed || !info_writer) return;
    try {
      ByteBuffer buf;
      encode_participant_entities_info(own_info_l(), gid_layout.size(), buf);
      (void)detail::write_now(info_writer->handle(), detail::make_serdata(info_writer->sertype(), std::move(buf)));
    } catch (...) {
      // Only allocation can fail here; the graph info is then stale until the next change.
    }
  }

  // ---- queries (caller holds mutex, after update_l) ----

  /// Every known node of every live participant, ours first, as (participant GUID, node).
  std::vector<std::pair<std::string, NodeEntitiesInfo>> all_nodes_l() const {
    std::vector<std::pair<std::string, NodeEntitiesInfo>> out;
    if (closed) return out;
    for (NodeEntitiesInfo& n : own_info_l().nodes) out.emplace_back(own_gid, std::move(n));
    std::set<std::string> alive;
    for (const auto& [h, g] : participants) alive.insert(g);
    for (const auto& [pgid, nodes] : remote_nodes) {
      if (pgid == own_gid || alive.count(pgid) == 0) continue;
      for (const NodeEntitiesInfo& n : nodes) out.emplace_back(pgid, n);
    }
    return out;
  }

  /// The node that owns endpoint `e`, if its participant told us.
  std::pair<std::string, std::string> node_of_l(const EndpointEntry& e,
                                                const std::vector<std::pair<std::string, NodeEntitiesInfo>>& nodes) const {
    for (const auto& [pgid, n] : nodes) {
      if (pgid != e.participant_gid) continue;
      const auto& gids = e.is_reader ? n.reader_gids : n.writer_gids;
      if (std::find(gids.begin(), gids.end(), e.gid) != gids.end()) return {n.node_name, n.node_namespace};
    }
    return {kUnknownName, kUnknownNamespace};
  }

  using Demangle = std::string (*)(const std::string&);

  /// Groups endpoints accepted by `want` by demangled topic ("" skips), with demangled, sorted types.
  NamesAndTypes names_and_types_l(const std::function<bool(const EndpointEntry&)>& want, Demangle topic,
                                  Demangle type) const {
    std::map<std::string, std::set<std::string>> acc;
    for (const auto& [h, e] : endpoints) {
      if (!want(e)) continue;
      std::string name = topic(e.topic);
      if (name.empty()) continue;
      std::string t = type(e.type);
      if (t.empty()) continue;
      acc[name].insert(std::move(t));
    }
    NamesAndTypes out;
    for (auto& [name, types] : acc) out.emplace_back(name, std::vector<std::string>(types.begin(), types.end()));
    return out;
  }

  std::optional<NamesAndTypes> by_node_l(const std::string& name, const std::string& ns, bool readers,
                                         Demangle topic, Demangle type) const {
    const auto nodes = all_nodes_l();
    for (const auto& [pgid, n] : nodes) {
      if (n.node_name != name || n.node_namespace != ns) continue;
      const std::vector<std::string>& gids = readers ? n.reader_gids : n.writer_gids;
      const std::set<std::string> mine(gids.begin(), gids.end());
      const std::string& participant = pgid;
      return names_and_types_l(
          [&](const EndpointEntry& e) {
            return e.is_reader == readers && e.participant_gid == participant && mine.count(e.gid) != 0;
          },
          topic, type);
    }
    return std::nullopt;
  }

  std::size_t count_l(const std::string& fq_topic, bool readers) const {
    const std::string dds_topic = "rt" + fq_topic;
    std::size_t n = 0;
    for (const auto& [h, e] : endpoints) n += (e.is_reader == readers && e.topic == dds_topic) ? 1 : 0;
    return n;
  }

  std::vector<TopicEndpointInfo> info_by_topic_l(const std::string& topic, bool no_mangle, bool readers) const {
    const std::string dds_topic = no_mangle ? topic : "rt" + topic;
    const auto nodes = all_nodes_l();
    std::vector<TopicEndpointInfo> out;
    for (const auto& [h, e] : endpoints) {
      if (e.is_reader != readers || e.topic != dds_topic) continue;
      TopicEndpointInfo info;
      std::tie(info.node_name, info.node_namespace) = node_of_l(e, nodes);
      info.topic_type = no_mangle ? e.type : demangle_ros_type(e.type);
      info.is_publisher = !readers;
      info.gid = e.gid;
      info.qos = e.qos;
      info.type_hash = e.type_hash;
      out.push_back(std::move(info));
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.gid < b.gid; });
    return out;
  }
};

Graph::Graph(std::int32_t participant) : impl_(std::make_unique<Impl>()) {
  Impl& g = *impl_;
  dds_guid_t guid;
  detail::check(dds_get_guid(participant, &guid), "get_guid", "participant");
  g.own_gid = guid_bytes(guid);
  {
    detail::QosPtr qos(dds_create_qos());
    if (dds_get_qos(participant, qos.get()) == DDS_RETCODE_OK) g.enclaves[g.own_gid] = user_data_entry(qos.get(), "enclave");
  }
  g.participant_reader = detail::Entity(dds_create_reader(participant, DDS_BUILTIN_TOPIC_DCPSPARTICIPANT, nullptr, nullptr),
                                        "create_reader", "DCPSParticipant");
  g.publication_reader = detail::Entity(dds_create_reader(participant, DDS_BUILTIN_TOPIC_DCPSPUBLICATION, nullptr, nullptr),
                                        "create_reader", "DCPSPublication");
  g.subscription_reader = detail::Entity(
      dds_create_reader(participant, DDS_BUILTIN_TOPIC_DCPSSUBSCRIPTION, nullptr, nullptr), "create_reader",
      "DCPSSubscription");
  // As rmw_cyclonedds: writer keep-last 1, reader keep-all; both reliable and transient-local.
  // The reader drops samples carrying our own participant Gid (rmw sets ignore-local instead).
  const QoSProfile writer_qos{History::KeepLast, 1, Reliability::Reliable, Durability::TransientLocal};
  const QoSProfile reader_qos{History::KeepAll, 0, Reliability::Reliable, Durability::TransientLocal};
  g.info_reader = std::make_unique<detail::Endpoint>(participant, detail::EndpointKind::Reader, kDiscoveryTopic,
                                                     kDiscoveryType, reader_qos, kDiscoveryUserData);
  g.info_writer = std::make_unique<detail::Endpoint>(participant, detail::EndpointKind::Writer, kDiscoveryTopic,
                                                     kDiscoveryType, writer_qos, kDiscoveryUserData);
  auto read_condition = [](const detail::Entity& reader, const char* what) {
    return detail::Entity(dds_create_readcondition(reader.get(), DDS_ANY_STATE), "create_readcondition", what);
  };
  g.participant_cond = read_condition(g.participant_reader, "DCPSParticipant");
  g.publication_cond = read_condition(g.publication_reader, "DCPSPublication");
  g.subscription_cond = read_condition(g.subscription_reader, "DCPSSubscription");
  g.waitset = detail::Entity(dds_create_waitset(participant), "create_waitset", "graph");
  g.wake = detail::Entity(dds_create_guardcondition(participant), "create_guardcondition", "graph");
  for (dds_entity_t e : {g.wake.get(), g.participant_cond.get(), g.publication_cond.get(), g.subscription_cond.get(),
                         g.info_reader->read_condition()}) {
    detail::check(dds_waitset_attach(g.waitset.get(), e, 0), "waitset_attach", "graph");
  }
  {
    std::lock_guard<std::mutex> lock(g.mutex);
    g.publish_l();  // an empty node list, as rmw publishes at init
  }
  g.thread = std::thread([&g] { g.run(); });
}

Graph::~Graph() { shutdown(); }

void Graph::shutdown() {
  Impl& g = *impl_;
  {
    std::lock_guard<std::mutex> lock(g.mutex);
    g.closed = true;
  }
  if (g.wake) (void)dds_set_guardcondition(g.wake.get(), true);
  if (g.thread.joinable()) g.thread.join();
  std::lock_guard<std::mutex> lock(g.mutex);
  g.waitset.reset();
  g.wake.reset();
  g.participant_cond.reset();
  g.publication_cond.reset();
  g.subscription_cond.reset();
  g.info_writer.reset();
  g.info_reader.reset();
  g.subscription_reader.reset();
  g.publication_reader.reset();
  g.participant_reader.reset();
  g.participants.clear();
  g.endpoints.clear();
  g.remote_nodes.clear();
}

std::size_t Graph::gid_size() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->gid_layout.size();
}

void Graph::register_node(const void* node, const std::string& ns, const std::string& name) noexcept {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->closed) return;
  try {
    impl_->local_nodes.push_back({node, ns, name, {}});
  } catch (...) {
    return;
  }
  impl_->publish_l();
}

void Graph::unregister_node(const void* node) noexcept {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  auto& nodes = impl_->local_nodes;
  const auto it = std::find_if(nodes.begin(), nodes.end(), [&](const auto& n) { return n.key == node; });
  if (it == nodes.end()) return;
  nodes.erase(it);
  impl_->publish_l();
}

void Graph::add_endpoint(const void* node, const void* key, const std::string& gid, bool is_reader) noexcept {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->closed) return;
  for (auto& n : impl_->local_nodes) {
    if (n.key != node) continue;
    try {
      n.endpoints.push_back({key, gid, is_reader});
    } catch (...) {
      return;
    }
    impl_->publish_l();
    return;
  }
}

void Graph::remove_endpoint(const void* key) noexcept {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  for (auto& n : impl_->local_nodes) {
    const auto it = std::find_if(n.endpoints.begin(), n.endpoints.end(), [&](const auto& e) { return e.key == key; });
    if (it == n.endpoints.end()) continue;
    n.endpoints.erase(it);
    impl_->publish_l();
    return;
  }
}

std::size_t Graph::count_publishers(const std::string& fq_topic) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->count_l(fq_topic, false);
}

std::size_t Graph::count_subscribers(const std::string& fq_topic) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->count_l(fq_topic, true);
}

std::vector<std::pair<std::string, std::string>> Graph::node_names_and_namespaces() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [pgid, n] : impl_->all_nodes_l()) out.emplace_back(n.node_name, n.node_namespace);
  return out;
}

std::vector<std::tuple<std::string, std::string, std::string>> Graph::node_names_namespaces_and_enclaves() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  std::vector<std::tuple<std::string, std::string, std::string>> out;
  for (const auto& [pgid, n] : impl_->all_nodes_l()) {
    const auto it = impl_->enclaves.find(pgid);
    out.emplace_back(n.node_name, n.node_namespace, it == impl_->enclaves.end() ? std::string() : it->second);
  }
  return out;
}

NamesAndTypes Graph::topic_names_and_types(bool no_demangle) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->names_and_types_l([](const auto&) { return true; }, no_demangle ? identity : demangle_ros_topic,
                                  no_demangle ? identity : demangle_ros_type);
}

NamesAndTypes Graph::service_names_and_types() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->names_and_types_l([](const auto&) { return true; }, demangle_service, demangle_service_type);
}

std::optional<NamesAndTypes> Graph::publisher_names_and_types_by_node(const std::string& name, const std::string& ns,
                                                                      bool no_demangle) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->by_node_l(name, ns, false, no_demangle ? identity : demangle_ros_topic,
                          no_demangle ? identity : demangle_ros_type);
}

std::optional<NamesAndTypes> Graph::subscriber_names_and_types_by_node(const std::string& name, const std::string& ns,
                                                                       bool no_demangle) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->by_node_l(name, ns, true, no_demangle ? identity : demangle_ros_topic,
                          no_demangle ? identity : demangle_ros_type);
}

std::optional<NamesAndTypes> Graph::service_names_and_types_by_node(const std::string& name, const std::string& ns) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  // A service server reads requests.
  return impl_->by_node_l(name, ns, true, demangle_request, demangle_service_type);
}

std::optional<NamesAndTypes> Graph::client_names_and_types_by_node(const std::string& name, const std::string& ns) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  // A client reads replies.
  return impl_->by_node_l(name, ns, true, demangle_reply, demangle_service_type);
}

std::vector<TopicEndpointInfo> Graph::publishers_info_by_topic(const std::string& topic, bool no_mangle) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->info_by_topic_l(topic, no_mangle, false);
}

std::vector<TopicEndpointInfo> Graph::subscriptions_info_by_topic(const std::string& topic, bool no_mangle) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  impl_->update_l();
  return impl_->info_by_topic_l(topic, no_mangle, true);
}

}  // namespace rclx
