// Tests for service.hpp / client.hpp: a server and a client in one process exchanging raw payloads.
#include <gtest/gtest.h>

#include <chrono>
#include <cstring>
#include <random>
#include <thread>
#include <vector>

#include "rclx/client.hpp"
#include "rclx/context.hpp"
#include "rclx/graph.hpp"
#include "rclx/service.hpp"

namespace {

using namespace std::chrono_literals;

std::shared_ptr<rclx::Context> make_context() {
  rclx::ContextOptions options;
  options.domain_id = 100 + static_cast<int>(std::random_device{}() % 100);
  return rclx::Context::create(options);
}

rclx::QoSProfile services_qos() { return rclx::kQosServicesDefault; }

// A payload with room for the request header and one int64 field (at offset 16 after the encapsulation header).
rclx::ByteBuffer payload(std::int64_t value) {
  rclx::ByteBuffer buf;
  rclx::CdrWriter w(buf);
  w.write<std::uint64_t>(0);
  w.write<std::int64_t>(0);
  w.write<std::int64_t>(value);
  return buf;
}

std::int64_t field_of(const rclx::SerializedMessage& m) {
  std::int64_t v = 0;
  EXPECT_EQ(m.size(), rclx::kServicePayloadOffset + 8);
  std::memcpy(&v, m.data() + rclx::kServicePayloadOffset, 8);
  return v;
}

template <typename F>
bool wait_until(F&& done, std::chrono::milliseconds limit = 5000ms) {
  const auto end = std::chrono::steady_clock::now() + limit;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

constexpr const char* kRequestType = "example_interfaces::srv::dds_::AddTwoInts_Request_";
constexpr const char* kResponseType = "example_interfaces::srv::dds_::AddTwoInts_Response_";

TEST(RequestHeader, RoundTrip) {
  rclx::ByteBuffer buf = payload(7);
  rclx::write_request_header(buf, {0x1122334455667788ULL, 42});
  const rclx::RequestHeader h = rclx::read_request_header(buf.data(), buf.size());
  EXPECT_EQ(h.guid, 0x1122334455667788ULL);
  EXPECT_EQ(h.seq, 42);
  EXPECT_EQ(buf.data()[4], 0x88);  // little-endian, right after the encapsulation header
}

TEST(UserData, KeyValue) {
  std::string v;
  EXPECT_TRUE(rclx::detail::user_data_value("a=1;clientid= 1.2.3;", "clientid", v));
  EXPECT_EQ(v, " 1.2.3");
  EXPECT_FALSE(rclx::detail::user_data_value("serviceid=x;", "clientid", v));
  EXPECT_TRUE(rclx::detail::user_data_value("serviceid=x", "serviceid", v));
  EXPECT_EQ(v, "x");
}

// As rmw_cyclonedds: each endpoint announces its message's type hash after the id, "serviceid=<id>;typehash=...;".
TEST(Service, EndpointsAnnounceTheRequestAndResponseTypeHashes) {
  auto ctx = make_context();
  auto node = std::make_shared<rclx::Node>(ctx, "service_hash_test", "/");
  const std::string request_hash = "RIHS01_" + std::string(64, 'a');
  const std::string response_hash = "RIHS01_" + std::string(64, 'b');
  rclx::Client client(node, "/hashed", kRequestType, kResponseType, services_qos(), request_hash, response_hash);
  rclx::Service service(node, "/hashed", kRequestType, kResponseType, services_qos(), request_hash, response_hash);
  EXPECT_EQ(service.user_data().rfind("serviceid=", 0), 0u);
  EXPECT_EQ(client.user_data().rfind("clientid=", 0), 0u);
  EXPECT_TRUE(wait_until([&] { return client.service_is_ready(); }));  // the ids still match them up
  rclx::Graph& graph = ctx->graph();
  const auto hash_of = [](const std::vector<rclx::TopicEndpointInfo>& infos) {
    return infos.size() == 1 ? infos[0].type_hash : std::string("?");
  };
  EXPECT_TRUE(wait_until([&] {
    return graph.publishers_info_by_topic("rq/hashedRequest", true).size() == 1 &&
           graph.subscriptions_info_by_topic("rr/hashedReply", true).size() == 1;
  }));
  EXPECT_EQ(hash_of(graph.publishers_info_by_topic("rq/hashedRequest", true)), rclx::parse_type_hash(request_hash));
  EXPECT_EQ(hash_of(graph.subscriptions_info_by_topic("rq/hashedRequest", true)), rclx::parse_type_hash(request_hash));
  EXPECT_EQ(hash_of(graph.publishers_info_by_topic("rr/hashedReply", true)), rclx::parse_type_hash(response_hash));
  EXPECT_EQ(hash_of(graph.subscriptions_info_by_topic("rr/hashedReply", true)), rclx::parse_type_hash(response_hash));
}

TEST(Service, ClientAndServerExchangeRequests) {
  auto ctx = make_context();
  auto node = std::make_shared<rclx::Node>(ctx, "service_test", "/");
  rclx::Client client(node, "/add_two_ints", kRequestType, kResponseType, services_qos());
  EXPECT_FALSE(client.service_is_ready());
  rclx::Service service(node, "/add_two_ints", kRequestType, kResponseType, services_qos());
  EXPECT_EQ(client.user_data().rfind("clientid=", 0), 0u);
  EXPECT_EQ(service.user_data().rfind("serviceid=", 0), 0u);
  ASSERT_TRUE(wait_until([&] { return client.service_is_ready(); }));
  EXPECT_EQ(client.request_subscription_count(), 1u);
  EXPECT_EQ(client.reply_publisher_count(), 1u);

  std::vector<std::int64_t> seqs;
  for (int i = 1; i <= 5; ++i) seqs.push_back(client.send_request(payload(i)));
  for (std::size_t i = 1; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], seqs[i - 1] + 1);

  std::vector<rclx::ServiceRequest> requests;
  ASSERT_TRUE(wait_until([&] {
    service.take_requests(requests, 100);
    return requests.size() == 5;
  }));
  for (std::size_t i = 0; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i].header.guid, client.guid());
    EXPECT_EQ(requests[i].header.seq, seqs[i]);
    const std::int64_t v = field_of(requests[i].message);
    EXPECT_EQ(service.send_response(requests[i].header, requests[i].writer_handle, payload(v * 10)),
              rclx::SendResult::Sent);
  }

  std::vector<rclx::ServiceResponse> responses;
  ASSERT_TRUE(wait_until([&] {
    client.take_responses(responses, 100);
    return responses.size() == 5;
  }));
  for (std::size_t i = 0; i < responses.size(); ++i) {
    EXPECT_EQ(responses[i].header.guid, client.guid());
    EXPECT_EQ(responses[i].header.seq, seqs[i]);
    EXPECT_EQ(field_of(responses[i].message), static_cast<std::int64_t>(i + 1) * 10);
  }
}

TEST(Service, ClientsOnlySeeTheirOwnReplies) {
  auto ctx = make_context();
  auto node = std::make_shared<rclx::Node>(ctx, "service_test", "/");
  rclx::Service service(node, "/srv", kRequestType, kResponseType, services_qos());
  rclx::Client a(node, "/srv", kRequestType, kResponseType, services_qos());
  rclx::Client b(node, "/srv", kRequestType, kResponseType, services_qos());
  ASSERT_NE(a.guid(), b.guid());
  ASSERT_NE(a.user_data(), b.user_data());
  ASSERT_TRUE(wait_until([&] { return a.service_is_ready() && b.service_is_ready(); }));
  const std::int64_t sa = a.send_request(payload(1));
  const std::int64_t sb = b.send_request(payload(2));
  std::vector<rclx::ServiceRequest> requests;
  ASSERT_TRUE(wait_until([&] {
    service.take_requests(requests, 10);
    return requests.size() == 2;
  }));
  for (auto& r : requests) {
    service.send_response(r.header, r.writer_handle, payload(field_of(r.message) + 100));
  }
  std::vector<rclx::ServiceResponse> ra, rb;
  ASSERT_TRUE(wait_until([&] {
    a.take_responses(ra, 10);
    b.take_responses(rb, 10);
    return ra.size() == 1 && rb.size() == 1;
  }));
  std::this_thread::sleep_for(50ms);
  a.take_responses(ra, 10);
  b.take_responses(rb, 10);
  ASSERT_EQ(ra.size(), 1u);
  ASSERT_EQ(rb.size(), 1u);
  EXPECT_EQ(ra[0].header.seq, sa);
  EXPECT_EQ(field_of(ra[0].message), 101);
  EXPECT_EQ(rb[0].header.seq, sb);
  EXPECT_EQ(field_of(rb[0].message), 102);
}

TEST(Service, ReplyToAGoneClientIsDropped) {
  auto ctx = make_context();
  auto node = std::make_shared<rclx::Node>(ctx, "service_test", "/");
  rclx::Service service(node, "/gone", kRequestType, kResponseType, services_qos());
  auto client = std::make_unique<rclx::Client>(node, "/gone", kRequestType, kResponseType, services_qos());
  ASSERT_TRUE(wait_until([&] { return client->service_is_ready(); }));
  client->send_request(payload(3));
  std::vector<rclx::ServiceRequest> requests;
  ASSERT_TRUE(wait_until([&] {
    service.take_requests(requests, 10);
    return requests.size() == 1;
  }));
  client.reset();
  EXPECT_EQ(service.send_response(requests[0].header, requests[0].writer_handle, payload(0)),
            rclx::SendResult::ClientGone);
}

}  // namespace
