// Maps ROS 2 QoS profiles onto DDS QoS, as rmw_cyclonedds_cpp does.
#include "dds/qos.hpp"

namespace rclx::detail {
namespace {

// rmw treats 0 as "not set"; DDS spells infinity as DDS_INFINITY.
dds_duration_t to_dds_duration(QosDuration ns) { return ns <= 0 ? DDS_INFINITY : ns; }

}  // namespace

QosPtr to_dds_qos(const QoSProfile& p) {
  // Unset ("system default") and unknown policies map to what rmw_cyclonedds_cpp makes of them, so a
  // profile means the same DDS QoS here as in a ROS 2 node: keep-last (depth 0 -> 1), reliable,
  // volatile, automatic liveliness with an infinite lease.
  QosPtr q(dds_create_qos());
  const bool keep_all = p.history == History::KeepAll;
  const int32_t depth = p.depth == 0 ? 1 : static_cast<int32_t>(p.depth);
  if (keep_all) {
    dds_qset_history(q.get(), DDS_HISTORY_KEEP_ALL, DDS_LENGTH_UNLIMITED);
  } else {
    dds_qset_history(q.get(), DDS_HISTORY_KEEP_LAST, depth);
  }
  if (p.reliability == Reliability::BestEffort) {
    dds_qset_reliability(q.get(), DDS_RELIABILITY_BEST_EFFORT, 0);
  } else {
    dds_qset_reliability(q.get(), DDS_RELIABILITY_RELIABLE, DDS_INFINITY);
  }
  if (p.durability == Durability::TransientLocal) {
    dds_qset_durability(q.get(), DDS_DURABILITY_TRANSIENT_LOCAL);
    // Cyclone keeps a transient-local writer's history for late joiners by the durability-service
    // history (default keep-last 1), so it must mirror the profile's history, as rmw_cyclonedds does.
    dds_qset_durability_service(q.get(), 0, keep_all ? DDS_HISTORY_KEEP_ALL : DDS_HISTORY_KEEP_LAST,
                                keep_all ? DDS_LENGTH_UNLIMITED : depth, DDS_LENGTH_UNLIMITED,
                                DDS_LENGTH_UNLIMITED, DDS_LENGTH_UNLIMITED);
  } else {
    dds_qset_durability(q.get(), DDS_DURABILITY_VOLATILE);
  }
  if (p.deadline > 0) dds_qset_deadline(q.get(), p.deadline);
  if (p.lifespan > 0) dds_qset_lifespan(q.get(), p.lifespan);
  const dds_duration_t lease = to_dds_duration(p.liveliness_lease_duration);
  switch (p.liveliness) {
    case Liveliness::ManualByNode:
      dds_qset_liveliness(q.get(), DDS_LIVELINESS_MANUAL_BY_PARTICIPANT, lease);
      break;
    case Liveliness::ManualByTopic:
      dds_qset_liveliness(q.get(), DDS_LIVELINESS_MANUAL_BY_TOPIC, lease);
      break;
    default:
      dds_qset_liveliness(q.get(), DDS_LIVELINESS_AUTOMATIC, lease);
      break;
  }
  // ROS 2 samples are always XCDR1 (the encapsulation header rclx writes).
  const dds_data_representation_id_t xcdr1 = DDS_DATA_REPRESENTATION_XCDR1;
  dds_qset_data_representation(q.get(), 1, &xcdr1);
  return q;
}

// Durations are reported as DDS has them: infinity stays the largest int64 (RMW_DURATION_INFINITE),
// as rmw_cyclonedds reports it, so rclpy shows "Infinite" rather than "unspecified".
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
  if (dds_qget_deadline(q, &d)) p.deadline = d;
  p.lifespan = dds_qget_lifespan(q, &d) ? d : DDS_INFINITY;  // readers carry no lifespan: infinite, as rmw says
  dds_liveliness_kind_t lk;
  if (dds_qget_liveliness(q, &lk, &d)) {
    p.liveliness = lk == DDS_LIVELINESS_AUTOMATIC            ? Liveliness::Automatic
                   : lk == DDS_LIVELINESS_MANUAL_BY_PARTICIPANT ? Liveliness::ManualByNode
                                                                : Liveliness::ManualByTopic;
    p.liveliness_lease_duration = d;
  }
  return p;
}

}  // namespace rclx::detail
