// Binding-side entity types that other binding files need (the dispatcher converts their samples).
#pragma once

#include <nanobind/nanobind.h>

#include "convert/message.hpp"
#include "rclx/subscription.hpp"

namespace rclx::py {

/// A subscription that knows the message class it delivers (or delivers raw bytes).
class PySubscription : public Subscription {
 public:
  PySubscription(std::shared_ptr<Node> node, nb::handle msg_type, const std::string& topic, nb::handle qos,
                 bool raw);
  /// The message object (or bytes when raw) for a taken sample. Needs the GIL. In zero-copy mode the
  /// sample is kept alive by the numpy views the message holds.
  nb::object to_python(SerializedMessage&& m) const;
  /// rclpy's message info dict of a taken sample (timestamps; no sequence numbers, as rmw_cyclonedds).
  static nb::dict info_to_python(const SampleInfo& info);
  /// Opt-in: large numeric arrays of received messages are numpy views over the DDS sample.
  bool zero_copy = false;
  /// The callback takes (message, message info): the executor is handed both.
  bool with_info = false;

 private:
  const MessageType* type_;
  nb::object type_owner_;  // keeps type_ alive
  bool raw_;
};

}  // namespace rclx::py
