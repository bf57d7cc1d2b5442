// Maps ROS 2 QoS profiles onto DDS QoS, as rmw_cyclonedds_cpp does.
#include "dds/qos.hpp"

namespace rclx::detail {
namespace {

// rmw treats 0 as "not set"; DDS spells infinity as DDS_INFINITY.
dds_duration_t to_dds_duration(QosDuration ns) { return ns <= 0 ? DDS_INFINITY : ns; }
QosDuration from_dds_duration(dds_duration_t d) { return d == DDS_INFINITY ? 0 : d; }

}  // namespace

QosPtr to_dds_qos(const QoSProfile& p) {
  QosPtr q(dds_create_qos());
  switch (p.history) {
    case History::KeepAll:
      dds_qset_history(q.get(), DDS_HISTORY_KEEP_ALL, DDS_LENGTH_UNLIMITED);
      break;
    case History::KeepLast:
      dds_qset_history(q.get(), DDS_HISTORY_KEEP_LAST, p.depth == 0 ? 1 : static_cast<int32_t>(p.depth));
      break;
    default:  // system default: DDS's keep-last 1, unless a depth was given
      if (p.depth > 0) dds_qset_history(q.get(), DDS_HISTORY_KEEP_LAST, static_cast<int32_t>(p.depth));
      break;
  }
  switch (p.reliability) {
    case Reliability::Reliable:
      dds_qset_reliability(q.get(), DDS_RELIABILITY_RELIABLE, DDS_INFINITY);
      break;
    case Reliability::BestEffort:
      dds_qset_reliability(q.get(), DDS_RELIABILITY_BEST_EFFORT, 0);
      break;
    default:
      break;
  }
  switch (p.durability) {
    case Durability::TransientLocal: {
      dds_qset_durability(q.get(), DDS_DURABILITY_TRANSIENT_LOCAL);
      // Cyclone keeps a transient-local writer's history for late joiners by the durability-service
      // history (default keep-last 1), so it must mirror the profile's history, as rmw_cyclonedds does.
      const bool keep_all = p.history == History::KeepAll;
      dds_qset_durability_service(q.get(), 0, keep_all ? DDS_HISTORY_KEEP_ALL : DDS_HISTORY_KEEP_LAST,
                                  keep_all ? DDS_LENGTH_UNLIMITED : static_cast<int32_t>(p.depth == 0 ? 1 : p.depth),
                                  DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
      break;
    }
    case Durability::Volatile:
      dds_qset_durability(q.get(), DDS_DURABILITY_VOLATILE);
      break;
    default:
      break;
  }
  if (p.deadline > 0) dds_qset_deadline(q.get(), p.deadline);
  if (p.lifespan > 0) dds_qset_lifespan(q.get(), p.lifespan);
  switch (p.liveliness) {
    case Liveliness::Automatic:
      dds_qset_liveliness(q.get(), DDS_LIVELINESS_AUTOMATIC, to_dds_duration(p.liveliness_lease_duration));
      break;
    case Liveliness::ManualByNode:
    case Liveliness::ManualByTopic:
      dds_qset_liveliness(q.get(), DDS_LIVELINESS_MANUAL_BY_TOPIC, to_dds_duration(p.liveliness_lease_duration));
      break;
    default:
      if (p.liveliness_lease_duration > 0) {
        dds_qset_liveliness(q.get(), DDS_LIVELINESS_AUTOMATIC, p.liveliness_lease_duration);
      }
      break;
  }
  // ROS 2 samples are never disposed on unregister, and are always XCDR1.
  dds_qset_writer_data_lifecycle(q.get(), false);
  const dds_data_representation_id_t xcdr1 = DDS_DATA_REPRESENTATION_XCDR1;
  dds_qset_data_representation(q.get(), 1, &xcdr1);
  return q;
}

QoSProfile from_dds_qos(const dds_qos_t* q) {
  QoSProfile p;
  dds_history_kind_t hk;
  int32_t depth;
  if (dds_qget_history(q, &hk, &depth)) {
    p.history = hk == DDS_HISTORY_KEEP_ALL ? History::KeepAll : History::KeepLast;
    p.depth = hk == DDS_HISTORY_KEEP_ALL ? 0 : static_cast<uint32_t>(depth);
  }
  dds_reliability_kind_t rk;
  dds_duration_t blocking;
  if (dds_qget_reliability(q, &rk, &blocking)) {
    p.reliability = rk == DDS_RELIABILITY_RELIABLE ? Reliability::Reliable : Reliability::BestEffort;
  }
  dds_durability_kind_t dk;
  if (dds_qget_durability(q, &dk)) {
    p.durability = dk == DDS_DURABILITY_VOLATILE ? Durability::Volatile : Durability::TransientLocal;
  }
  dds_duration_t d;
  if (dds_qget_deadline(q, &d)) p.deadline = from_dds_duration(d);
  if (dds_qget_lifespan(q, &d)) p.lifespan = from_dds_duration(d);
  dds_liveliness_kind_t lk;
  if (dds_qget_liveliness(q, &lk, &d)) {
    p.liveliness = lk == DDS_LIVELINESS_AUTOMATIC ? Liveliness::Automatic : Liveliness::ManualByTopic;
    p.liveliness_lease_duration = from_dds_duration(d);
  }
  return p;
}

}  // namespace rclx::detail
