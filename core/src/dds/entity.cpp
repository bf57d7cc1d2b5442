// Endpoints (topic + reader/writer) and the core's entity classes that are thin over them.
#include "dds/endpoint.hpp"

#include <cstring>

#include "dds/qos.hpp"
#include "dds/sertype.hpp"
#include "rclx/clock.hpp"

namespace rclx::detail {

Endpoint::Endpoint(dds_entity_t participant, EndpointKind kind, const std::string& dds_topic,
                   const std::string& type_name, const QoSProfile& qos, const std::string& user_data,
                   const dds_listener_t* listener)
    : dds_topic_(dds_topic), kind_(kind) {
  ddsi_sertype* sertype = create_sertype(type_name);
  QosPtr q = to_dds_qos(qos);
  // Topic-level QoS stays default: rmw_cyclonedds puts the profile on the reader/writer only.
  topic_ = Entity(dds_create_topic_sertype(participant, dds_topic.c_str(), &sertype, nullptr, nullptr, nullptr),
                  "create_topic", dds_topic);
  sertype_ = sertype;  // the interned sertype, referenced by the topic
  if (!user_data.empty()) dds_qset_userdata(q.get(), user_data.data(), user_data.size());
  if (kind == EndpointKind::Writer) {
    entity_ = Entity(dds_create_writer(participant, topic_.get(), q.get(), listener), "create_writer", dds_topic);
  } else {
    entity_ = Entity(dds_create_reader(participant, topic_.get(), q.get(), listener), "create_reader", dds_topic);
    read_condition_ = Entity(dds_create_readcondition(entity_.get(), DDS_ANY_STATE), "create_readcondition", dds_topic);
  }
}

std::uint64_t Endpoint::instance_handle() const {
  dds_instance_handle_t ih = 0;
  check(dds_get_instance_handle(entity_.get(), &ih), "get_instance_handle", dds_topic_);
  return ih;
}

std::string Endpoint::guid() const {
  dds_guid_t g;
  check(dds_get_guid(entity_.get(), &g), "get_guid", dds_topic_);
  return std::string(reinterpret_cast<const char*>(g.v), sizeof(g.v));
}

std::size_t Endpoint::matched_count() const {
  if (kind_ == EndpointKind::Writer) {
    dds_publication_matched_status_t st;
    check(dds_get_publication_matched_status(entity_.get(), &st), "get_publication_matched_status", dds_topic_);
    return st.current_count;
  }
  dds_subscription_matched_status_t st;
  check(dds_get_subscription_matched_status(entity_.get(), &st), "get_subscription_matched_status", dds_topic_);
  return st.current_count;
}

std::size_t take_serialized(dds_entity_t reader, std::vector<SerializedMessage>& out, std::size_t max) {
  constexpr std::size_t kChunk = 16;
  std::size_t total = 0;
  while (total < max) {
    ddsi_serdata* samples[kChunk];
    dds_sample_info_t infos[kChunk];
    const std::size_t want = std::min(kChunk, max - total);
    const dds_return_t n = dds_takecdr(reader, samples, static_cast<uint32_t>(want), infos, 0);
    check(n, "take");
    for (dds_return_t i = 0; i < n; ++i) {
      SerializedMessage msg(samples[i]);
      if (!infos[i].valid_data) continue;
      msg.info().source_timestamp = infos[i].source_timestamp;
      msg.info().publication_handle = infos[i].publication_handle;
      msg.info().received_timestamp = system_time_now();
      out.push_back(std::move(msg));
      ++total;
    }
    if (static_cast<std::size_t>(n) < want) break;
  }
  return total;
}

}  // namespace rclx::detail
