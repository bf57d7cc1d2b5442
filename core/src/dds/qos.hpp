// Maps ROS 2 QoS profiles onto DDS QoS, as rmw_cyclonedds_cpp does.
#pragma once

#include "dds/entity.hpp"
#include "rclx/qos.hpp"

namespace rclx::detail {

/// A DDS QoS for a reader or writer with the given ROS profile (XCDR1 data representation included).
QosPtr to_dds_qos(const QoSProfile& profile);

/// The ROS profile a DDS entity actually has (unspecified fields filled in with what DDS uses).
QoSProfile from_dds_qos(const dds_qos_t* qos);

}  // namespace rclx::detail
