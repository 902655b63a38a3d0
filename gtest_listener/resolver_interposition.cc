// Every way a test binary resolves names through glibc, watched: getaddrinfo; the asynchronous
// getaddrinfo_a, whose worker thread calls glibc's internal getaddrinfo, so its results are seen
// where the program collects them (gai_error, gai_suspend, gai_cancel, or getaddrinfo_a itself
// with GAI_WAIT); gethostbyname(2)(_r); and the res_*query family. Resolvers that speak DNS
// themselves (c-ares) are followed on their sockets (socket_interposition.cc). Weak, forwarding
// to the next definition, errno and h_errno kept.
#include <arpa/inet.h>
#include <netdb.h>
#include <resolv.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "network_recorder.h"
#include "network_watch.h"

namespace {

using preflight::NetworkRecorder;
using Result = NetworkRecorder::LookupResult;

template <typename Function>
Function* Next(const char* name) {
  return reinterpret_cast<Function*>(preflight::NextSymbol(name));
}

// A lookup of a name (not of an address, not "host:port" or a URL, which fail by the caller's
// mistake).
bool IsNameLookup(const char* node) {
  if (node == nullptr || *node == '\0' || std::strpbrk(node, ":/@ ") != nullptr) return false;
  in_addr v4;
  return inet_pton(AF_INET, node, &v4) != 1;
}

int PortOf(const char* service) {
  if (service == nullptr) return 0;
  char* end = nullptr;
  const long port = std::strtol(service, &end, 10);
  return end != service && *end == '\0' && port > 0 && port < 65536 ? static_cast<int>(port) : 0;
}

std::vector<std::string> Addresses(const addrinfo* list) {
  std::vector<std::string> out;
  for (const addrinfo* entry = list; entry != nullptr && out.size() < 8; entry = entry->ai_next) {
    char text[INET6_ADDRSTRLEN] = {};
    const void* bytes = nullptr;
    if (entry->ai_family == AF_INET)
      bytes = &reinterpret_cast<const sockaddr_in*>(entry->ai_addr)->sin_addr;
    else if (entry->ai_family == AF_INET6)
      bytes = &reinterpret_cast<const sockaddr_in6*>(entry->ai_addr)->sin6_addr;
    if (bytes != nullptr && inet_ntop(entry->ai_family, bytes, text, sizeof text))
      out.emplace_back(text);
  }
  return out;
}

std::vector<std::string> Addresses(const hostent* host) {
  std::vector<std::string> out;
  for (char** entry = host->h_addr_list; entry != nullptr && *entry != nullptr && out.size() < 8;
       ++entry) {
    char text[INET6_ADDRSTRLEN] = {};
    if (inet_ntop(host->h_addrtype, *entry, text, sizeof text)) out.emplace_back(text);
  }
  return out;
}

// getaddrinfo's status as a lookup result; others (EAI_MEMORY, EAI_SYSTEM...) say nothing.
void ReportGetaddrinfo(const char* operation, const char* node, const char* service, int status,
                       const addrinfo* result) {
  NetworkRecorder* recorder = preflight::Watching();
  if (recorder == nullptr || !IsNameLookup(node)) return;
  const int port = PortOf(service);
  if (status == 0)
    recorder->Lookup(operation, node, port, Result::kResolved, "", Addresses(result));
  else if (status == EAI_AGAIN || status == EAI_FAIL)
    recorder->Lookup(operation, node, port, Result::kTryAgain, gai_strerror(status));
  else if (status == EAI_NONAME || status == EAI_NODATA)  // the name does not exist
    recorder->Lookup(operation, node, port, Result::kNoSuchName, gai_strerror(status));
}

// h_errno after gethostbyname or res_query.
void ReportHostError(const char* operation, const char* name, int error) {
  NetworkRecorder* recorder = preflight::Watching();
  if (recorder == nullptr || !IsNameLookup(name)) return;
  if (error == TRY_AGAIN || error == NO_RECOVERY)
    recorder->Lookup(operation, name, 0, Result::kTryAgain, hstrerror(error));
  else if (error == HOST_NOT_FOUND)
    recorder->Lookup(operation, name, 0, Result::kNoSuchName, hstrerror(error));
}

void ReportHost(const char* operation, const char* name, const hostent* host, int error) {
  if (host == nullptr) return ReportHostError(operation, name, error);
  if (NetworkRecorder* recorder = preflight::Watching(); recorder && IsNameLookup(name))
    recorder->Lookup(operation, name, 0, Result::kResolved, "", Addresses(host));
}

// The asynchronous lookups started and not yet reported, so that each result is reported once
// however often the program asks for it.
std::mutex g_async_mutex;
std::unordered_map<const gaicb*, int>& AsyncLookups() {
  static auto* lookups = new std::unordered_map<const gaicb*, int>;  // never destroyed
  return *lookups;
}

using GaiError = int(gaicb*);

// Reports `request` if it finished and was not reported yet.
void ReportAsync(gaicb* request, int status) {
  if (request == nullptr || status == EAI_INPROGRESS) return;
  {
    std::lock_guard lock(g_async_mutex);
    if (AsyncLookups().erase(request) == 0) return;
  }
  if (status == EAI_CANCELED) {
    if (NetworkRecorder* recorder = preflight::Watching();
        recorder && IsNameLookup(request->ar_name))
      recorder->Lookup("getaddrinfo_a", request->ar_name, PortOf(request->ar_service),
                       Result::kTryAgain, "cancelled before it finished");
    return;
  }
  ReportGetaddrinfo("getaddrinfo_a", request->ar_name, request->ar_service, status,
                    status == 0 ? request->ar_result : nullptr);
}

void ReportFinished(gaicb* const list[], int count) {
  static auto* real_gai_error = Next<GaiError>("gai_error");
  if (real_gai_error == nullptr || list == nullptr) return;
  for (int i = 0; i < count; ++i)
    if (list[i] != nullptr) ReportAsync(list[i], real_gai_error(list[i]));
}

}  // namespace

void preflight::LinkResolverInterposition() {}

extern "C" __attribute__((weak)) int getaddrinfo(const char* node, const char* service,
                                                 const addrinfo* hints, addrinfo** result) {
  static auto* next =
      Next<int(const char*, const char*, const addrinfo*, addrinfo**)>("getaddrinfo");
  if (next == nullptr) return EAI_SYSTEM;
  const int status = next(node, service, hints, result);
  const int error = errno;
  if (hints == nullptr || (hints->ai_flags & AI_NUMERICHOST) == 0)
    ReportGetaddrinfo("getaddrinfo", node, service, status, status == 0 ? *result : nullptr);
  errno = error;
  return status;
}

extern "C" __attribute__((weak)) int getaddrinfo_a(int mode, gaicb* list[], int count,
                                                   sigevent* notification) {
  static auto* next = Next<int(int, gaicb*[], int, sigevent*)>("getaddrinfo_a");
  if (next == nullptr) return EAI_SYSTEM;
  if (preflight::Watching() != nullptr && list != nullptr) {
    std::lock_guard lock(g_async_mutex);
    for (int i = 0; i < count; ++i)
      if (list[i] != nullptr && AsyncLookups().size() < 4096) AsyncLookups()[list[i]] = 1;
  }
  const int status = next(mode, list, count, notification);
  const int error = errno;
  if (mode == GAI_WAIT) ReportFinished(list, count);
  errno = error;
  return status;
}

extern "C" __attribute__((weak)) int gai_error(gaicb* request) {
  static auto* next = Next<GaiError>("gai_error");
  if (next == nullptr) return EAI_SYSTEM;
  const int status = next(request);
  const int error = errno;
  if (preflight::Watching() != nullptr) ReportAsync(request, status);
  errno = error;
  return status;
}

extern "C" __attribute__((weak)) int gai_suspend(const gaicb* const list[], int count,
                                                 const timespec* timeout) {
  static auto* next = Next<int(const gaicb* const[], int, const timespec*)>("gai_suspend");
  if (next == nullptr) return EAI_SYSTEM;
  const int status = next(list, count, timeout);
  const int error = errno;
  if (preflight::Watching() != nullptr) ReportFinished(const_cast<gaicb* const*>(list), count);
  errno = error;
  return status;
}

extern "C" __attribute__((weak)) int gai_cancel(gaicb* request) {
  static auto* next = Next<GaiError>("gai_cancel");
  if (next == nullptr) return EAI_SYSTEM;
  const int status = next(request);
  const int error = errno;
  if (preflight::Watching() != nullptr) {
    static auto* real_gai_error = Next<GaiError>("gai_error");
    // Cancelled, or still running (it will be abandoned): either way it did not finish in time.
    if (status == EAI_CANCELED || status == EAI_NOTCANCELED)
      ReportAsync(request, EAI_CANCELED);
    else if (real_gai_error != nullptr)
      ReportAsync(request, real_gai_error(request));
  }
  errno = error;
  return status;
}

extern "C" __attribute__((weak)) hostent* gethostbyname(const char* name) {
  static auto* next = Next<hostent*(const char*)>("gethostbyname");
  if (next == nullptr) return nullptr;
  hostent* host = next(name);
  const int error = errno, host_error = h_errno;
  ReportHost("gethostbyname", name, host, host_error);
  errno = error;
  h_errno = host_error;
  return host;
}

extern "C" __attribute__((weak)) hostent* gethostbyname2(const char* name, int family) {
  static auto* next = Next<hostent*(const char*, int)>("gethostbyname2");
  if (next == nullptr) return nullptr;
  hostent* host = next(name, family);
  const int error = errno, host_error = h_errno;
  ReportHost("gethostbyname2", name, host, host_error);
  errno = error;
  h_errno = host_error;
  return host;
}

extern "C" __attribute__((weak)) int gethostbyname_r(const char* name, hostent* storage,
                                                     char* buffer, size_t length, hostent** result,
                                                     int* host_error) {
  static auto* next =
      Next<int(const char*, hostent*, char*, size_t, hostent**, int*)>("gethostbyname_r");
  if (next == nullptr) return ENOSYS;
  const int status = next(name, storage, buffer, length, result, host_error);
  const int error = errno;
  if (status != ERANGE && result != nullptr)  // ERANGE: the caller retries with more room
    ReportHost("gethostbyname_r", name, *result, host_error ? *host_error : 0);
  errno = error;
  return status;
}

extern "C" __attribute__((weak)) int gethostbyname2_r(const char* name, int family,
                                                      hostent* storage, char* buffer, size_t length,
                                                      hostent** result, int* host_error) {
  static auto* next =
      Next<int(const char*, int, hostent*, char*, size_t, hostent**, int*)>("gethostbyname2_r");
  if (next == nullptr) return ENOSYS;
  const int status = next(name, family, storage, buffer, length, result, host_error);
  const int error = errno;
  if (status != ERANGE && result != nullptr)
    ReportHost("gethostbyname2_r", name, *result, host_error ? *host_error : 0);
  errno = error;
  return status;
}

namespace {

// res_query and its kin: the answer's length, or -1 with h_errno (statp->res_h_errno for the
// res_n* forms). A name that exists without a record of the asked type (NO_DATA) is no failure.
int ReportQuery(const char* operation, const std::string& name, int length, int host_error) {
  NetworkRecorder* recorder = preflight::Watching();
  if (recorder != nullptr && IsNameLookup(name.c_str())) {
    if (length >= 0)
      recorder->Lookup(operation, name.c_str(), 0, Result::kResolved, "");
    else
      ReportHostError(operation, name.c_str(), host_error);
  }
  return length;
}

std::string Joined(const char* name, const char* domain) {
  std::string out = name ? name : "";
  if (domain != nullptr && *domain != '\0') out += std::string(".") + domain;
  return out;
}

}  // namespace

#define PREFLIGHT_RES_NEXT(type, name)  \
  static auto* next = Next<type>(name); \
  if (next == nullptr) {                \
    h_errno = NO_RECOVERY;              \
    return -1;                          \
  }

#define PREFLIGHT_RES_RETURN(operation, name, length, host_error) \
  const int error = errno, saved_host_error = host_error;         \
  ReportQuery(operation, name, length, saved_host_error);         \
  errno = error;                                                  \
  return length;

extern "C" __attribute__((weak)) int res_query(const char* name, int klass, int type,
                                               unsigned char* answer, int length) {
  PREFLIGHT_RES_NEXT(int(const char*, int, int, unsigned char*, int), "res_query");
  const int result = next(name, klass, type, answer, length);
  PREFLIGHT_RES_RETURN("res_query", Joined(name, nullptr), result, h_errno);
}

extern "C" __attribute__((weak)) int res_search(const char* name, int klass, int type,
                                                unsigned char* answer, int length) {
  PREFLIGHT_RES_NEXT(int(const char*, int, int, unsigned char*, int), "res_search");
  const int result = next(name, klass, type, answer, length);
  PREFLIGHT_RES_RETURN("res_search", Joined(name, nullptr), result, h_errno);
}

extern "C" __attribute__((weak)) int res_querydomain(const char* name, const char* domain,
                                                     int klass, int type, unsigned char* answer,
                                                     int length) {
  PREFLIGHT_RES_NEXT(int(const char*, const char*, int, int, unsigned char*, int),
                     "res_querydomain");
  const int result = next(name, domain, klass, type, answer, length);
  PREFLIGHT_RES_RETURN("res_querydomain", Joined(name, domain), result, h_errno);
}

extern "C" __attribute__((weak)) int res_nquery(res_state state, const char* name, int klass,
                                                int type, unsigned char* answer, int length) {
  PREFLIGHT_RES_NEXT(int(res_state, const char*, int, int, unsigned char*, int), "res_nquery");
  const int result = next(state, name, klass, type, answer, length);
  PREFLIGHT_RES_RETURN("res_nquery", Joined(name, nullptr), result, state->res_h_errno);
}

extern "C" __attribute__((weak)) int res_nsearch(res_state state, const char* name, int klass,
                                                 int type, unsigned char* answer, int length) {
  PREFLIGHT_RES_NEXT(int(res_state, const char*, int, int, unsigned char*, int), "res_nsearch");
  const int result = next(state, name, klass, type, answer, length);
  PREFLIGHT_RES_RETURN("res_nsearch", Joined(name, nullptr), result, state->res_h_errno);
}

extern "C" __attribute__((weak)) int res_nquerydomain(res_state state, const char* name,
                                                      const char* domain, int klass, int type,
                                                      unsigned char* answer, int length) {
  PREFLIGHT_RES_NEXT(int(res_state, const char*, const char*, int, int, unsigned char*, int),
                     "res_nquerydomain");
  const int result = next(state, name, domain, klass, type, answer, length);
  PREFLIGHT_RES_RETURN("res_nquerydomain", Joined(name, domain), result, state->res_h_errno);
}
