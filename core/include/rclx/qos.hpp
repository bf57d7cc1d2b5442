// Quality of service as ROS 2 defines it (rmw's policies and presets), independent of DDS.
#pragma once

#include <cstdint>

namespace rclx {

enum class History : std::uint8_t { SystemDefault = 0, KeepLast = 1, KeepAll = 2, Unknown = 3 };
enum class Reliability : std::uint8_t { SystemDefault = 0, Reliable = 1, BestEffort = 2, Unknown = 3, BestAvailable = 4 };
enum class Durability : std::uint8_t { SystemDefault = 0, TransientLocal = 1, Volatile = 2, Unknown = 3, BestAvailable = 4 };
enum class Liveliness : std::uint8_t { SystemDefault = 0, Automatic = 1, ManualByNode = 2, ManualByTopic = 3, Unknown = 4, BestAvailable = 5 };

/// A duration in nanoseconds; 0 means "unspecified" (the DDS default, usually infinite), as in rmw.
using QosDuration = std::int64_t;

/// One QoS profile. Field names follow rmw_qos_profile_t.
struct QoSProfile {
  History history = History::KeepLast;
  std::uint32_t depth = 10;
  Reliability reliability = Reliability::Reliable;
  Durability durability = Durability::Volatile;
  QosDuration deadline = 0;
  QosDuration lifespan = 0;
  Liveliness liveliness = Liveliness::SystemDefault;
  QosDuration liveliness_lease_duration = 0;
  bool avoid_ros_namespace_conventions = false;
  friend bool operator==(const QoSProfile&, const QoSProfile&) = default;
};

/// rmw_qos_profile_default: keep-last 10, reliable, volatile.
inline constexpr QoSProfile kQosDefault{};
/// rmw_qos_profile_sensor_data: keep-last 5, best-effort, volatile.
inline constexpr QoSProfile kQosSensorData{History::KeepLast, 5, Reliability::BestEffort, Durability::Volatile};
/// rmw_qos_profile_services_default: keep-last 10, reliable, volatile.
inline constexpr QoSProfile kQosServicesDefault{};
/// rmw_qos_profile_parameters: keep-last 1000, reliable, volatile.
inline constexpr QoSProfile kQosParameters{History::KeepLast, 1000, Reliability::Reliable, Durability::Volatile};
/// rmw_qos_profile_parameter_events: keep-last 1000, reliable, volatile.
inline constexpr QoSProfile kQosParameterEvents{History::KeepLast, 1000, Reliability::Reliable, Durability::Volatile};
/// rmw_qos_profile_system_default: everything left to the middleware.
inline constexpr QoSProfile kQosSystemDefault{History::SystemDefault, 0, Reliability::SystemDefault,
                                              Durability::SystemDefault};
/// The /rosout publisher: keep-last 1000, reliable, transient-local, 10 s lifespan.
inline constexpr QoSProfile kQosRosout{History::KeepLast, 1000, Reliability::Reliable, Durability::TransientLocal,
                                       0, 10'000'000'000LL};

}  // namespace rclx
