// A staging backend's health endpoint with the faults a VPC connector shows, for the sandbox
// and the integration tests. Binds 127.0.0.1 on a free port and writes that port to a file.
//
//   /health                 200 {"status":"healthy","connection_pool_utilization":0.3}
//   /cold/SECONDS/KEY       503 until SECONDS after the first request for KEY, then healthy
//   /healthy-since/KEY      when /cold/.../KEY turned healthy: nanoseconds since the epoch
//   /flaky/KEY              503 and 200 alternately, per KEY, starting with 503
//   /slow/MILLISECONDS      healthy after a delay
//   /stats                  {"slow_peak_concurrency":N}: most /slow requests served at once
//   /down                   503 always
//   /bad-gateway            502 with an HTML error page, as load balancers send
//   /unhealthy              200 {"status":"degraded","connection_pool_utilization":0.93}
//   /not-found              404
//
// Usage: preflight_health_server PORT_FILE   (runs until SIGTERM/SIGINT)
//        preflight_health_server --silent-udp PORT_FILE
//          binds a UDP port that never answers: a DNS server that has gone quiet
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <thread>

namespace {

constexpr const char* kHealthy = R"({"status":"healthy","connection_pool_utilization":0.3})";
constexpr const char* kDegraded = R"({"status":"degraded","connection_pool_utilization":0.93})";

httplib::Server* g_server = nullptr;

void WritePortFile(const std::string& path, int port) {
  std::ofstream(path + ".tmp") << port << "\n";
  std::rename((path + ".tmp").c_str(), path.c_str());
}

int SilentUdp(const std::string& port_file) {
  int fd = socket(AF_INET, SOCK_DGRAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("health_server: udp");
    return 1;
  }
  WritePortFile(port_file, ntohs(address.sin_port));
  for (;;) pause();  // never reads, never answers
}

// cpp-httplib 0.11 listens with a backlog of 5: 100 simultaneous connects then lose SYNs and
// wait 1-7 s for retransmits, which would measure the test server, not the client. A second
// listen() on the bound socket raises the backlog.
void RaiseListenBacklog(int port) {
  for (int fd = 3; fd < 1024; ++fd) {
    sockaddr_in address{};
    socklen_t length = sizeof address;
    int type = 0;
    socklen_t type_length = sizeof type;
    if (getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0 &&
        address.sin_family == AF_INET && ntohs(address.sin_port) == port &&
        getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &type_length) == 0 && type == SOCK_STREAM) {
      listen(fd, 1024);
    }
  }
}

void Healthy(httplib::Response& res) {
  res.set_content(kHealthy, "application/json");
}

void Unavailable(httplib::Response& res) {
  res.status = 503;
  res.set_content(R"({"status":"starting"})", "application/json");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "--silent-udp") return SilentUdp(argv[2]);
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s [--silent-udp] PORT_FILE\n", argv[0]);
    return 2;
  }
  httplib::Server server;
  g_server = &server;
  server.set_tcp_nodelay(true);
  // One thread per connection in httplib: enough of them that 100+ concurrent keep-alive
  // clients (the 160-probe benchmark) are served at once, as a real backend would.
  server.new_task_queue = [] { return new httplib::ThreadPool(256); };
  std::mutex mutex;
  std::map<std::string, std::chrono::steady_clock::time_point> first_seen;
  std::map<std::string, std::chrono::system_clock::time_point> healthy_at;  // for the benches
  std::map<std::string, int> counts;

  server.Get("/health", [](const httplib::Request&, httplib::Response& res) { Healthy(res); });
  server.Get(R"(/cold/(\d+(?:\.\d+)?)/([\w.-]+))",
             [&](const httplib::Request& req, httplib::Response& res) {
               const double seconds = std::stod(req.matches[1]);
               std::chrono::duration<double> elapsed;
               {
                 std::lock_guard lock(mutex);
                 auto [it, inserted] =
                     first_seen.try_emplace(req.matches[2], std::chrono::steady_clock::now());
                 elapsed = std::chrono::steady_clock::now() - it->second;
                 if (inserted)
                   healthy_at[req.matches[2]] =
                       std::chrono::system_clock::now() +
                       std::chrono::duration_cast<std::chrono::system_clock::duration>(
                           std::chrono::duration<double>(seconds));
               }
               if (elapsed.count() < seconds) return Unavailable(res);
               Healthy(res);
             });
  server.Get(R"(/healthy-since/([\w.-]+))",
             [&](const httplib::Request& req, httplib::Response& res) {
               std::lock_guard lock(mutex);
               auto it = healthy_at.find(req.matches[1]);
               if (it == healthy_at.end()) return Unavailable(res);
               res.set_content(std::to_string(std::chrono::duration_cast<std::chrono::nanoseconds>(
                                                  it->second.time_since_epoch())
                                                  .count()),
                               "text/plain");
             });
  server.Get(R"(/flaky/([\w.-]+))", [&](const httplib::Request& req, httplib::Response& res) {
    int n;
    {
      std::lock_guard lock(mutex);
      n = counts[req.matches[1]]++;
    }
    if (n % 2 == 0) return Unavailable(res);
    Healthy(res);
  });
  // How many /slow requests were in progress at once, at most: what a client's burst costs us.
  std::atomic<int> slow_now{0}, slow_peak{0};
  server.Get(R"(/slow/(\d+))", [&](const httplib::Request& req, httplib::Response& res) {
    const int now = ++slow_now;
    for (int peak = slow_peak; now > peak && !slow_peak.compare_exchange_weak(peak, now);) {
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::stoi(req.matches[1])));
    --slow_now;
    Healthy(res);
  });
  server.Get("/stats", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content("{\"slow_peak_concurrency\":" + std::to_string(slow_peak.load()) + "}",
                    "application/json");
  });
  server.Get("/down", [](const httplib::Request&, httplib::Response& res) { Unavailable(res); });
  server.Get("/bad-gateway", [](const httplib::Request&, httplib::Response& res) {
    res.status = 502;
    res.set_content(
        "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad "
        "Gateway</h1></body></html>",
        "text/html");
  });
  server.Get("/unhealthy", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(kDegraded, "application/json");
  });
  server.Get("/not-found",
             [](const httplib::Request&, httplib::Response& res) { res.status = 404; });

  const int port = server.bind_to_any_port("127.0.0.1");
  if (port <= 0) {
    std::fprintf(stderr, "health_server: cannot bind 127.0.0.1\n");
    return 1;
  }
  RaiseListenBacklog(port);
  WritePortFile(argv[1], port);
  std::signal(SIGTERM, [](int) { g_server->stop(); });
  std::signal(SIGINT, [](int) { g_server->stop(); });
  server.listen_after_bind();
  return 0;
}
