// The table. Kinds: infra (waiting or retrying can fix it), config (a person must change a
// setting), code (proof that the dependency answered and the test's input or the code was wrong).
#include "preflight/classify/error_tables.h"

#include <cctype>

namespace preflight {
namespace {

using K = FailureKind;
constexpr auto P = KnownError::kPattern;

// A quote as GoogleTest may print it inside a string value: " or \".
#define Q R"(\\?")"

constexpr KnownError kTable[] = {
    // libcurl (curl_easy_strerror).
    {"libcurl", "CURLE_COULDNT_RESOLVE_PROXY", "Couldn't resolve proxy name", K::kInfra, "dns"},
    {"libcurl", "CURLE_COULDNT_RESOLVE_HOST", "Couldn't resolve host name", K::kInfra, "dns"},
    {"libcurl", "CURLE_COULDNT_CONNECT", "Couldn't connect to server", K::kInfra, "connect"},
    {"libcurl", "CURLE_PARTIAL_FILE", "Transferred a partial file", K::kInfra, "connect"},
    {"libcurl", "CURLE_OPERATION_TIMEDOUT", "Timeout was reached", K::kInfra, "timeout"},
    // CURLE_SSL_CONNECT_ERROR ("SSL connect error") is not here: a reset handshake and TLS
    // spoken to a plain port both give it; the error buffer's text below tells which.
    {"libcurl", "CURLE_GOT_NOTHING", "Server returned nothing (no headers, no data)", K::kInfra,
     "connect"},
    {"libcurl", "CURLE_SEND_ERROR", "Failed sending data to the peer", K::kInfra, "connect"},
    {"libcurl", "CURLE_RECV_ERROR", "Failure when receiving data from the peer", K::kInfra,
     "connect"},
    {"libcurl", "CURLE_UNSUPPORTED_PROTOCOL", "Unsupported protocol", K::kConfig, "invalid_option"},
    {"libcurl", "CURLE_URL_MALFORMAT", "URL using bad/illegal format or missing URL", K::kConfig,
     "invalid_option"},
    {"libcurl", "unsupported_protocol", R"(Protocol \\?"[^"\\]*\\?" not supported)", K::kConfig,
     "invalid_option", P},
    {"libcurl", "CURLE_SSL_CERTPROBLEM", "Problem with the local SSL certificate", K::kConfig,
     "tls"},
    {"libcurl", "CURLE_SSL_CIPHER", "Couldn't use specified SSL cipher", K::kConfig, "tls"},
    {"libcurl", "CURLE_PEER_FAILED_VERIFICATION",
     "SSL peer certificate or SSH remote key was not OK", K::kConfig, "tls"},
    {"libcurl", "CURLE_USE_SSL_FAILED", "Requested SSL level failed", K::kConfig, "tls"},
    {"libcurl", "CURLE_LOGIN_DENIED", "Login denied", K::kConfig, "credentials"},
    {"libcurl", "CURLE_SSL_CACERT_BADFILE", "Problem with the SSL CA cert (path? access rights?)",
     K::kConfig, "tls"},
    {"libcurl", "CURLE_SSL_ISSUER_ERROR", "Issuer check against peer certificate failed",
     K::kConfig, "tls"},
    {"libcurl", "CURLE_SSL_PINNEDPUBKEYNOTMATCH", "SSL public key does not match pinned public key",
     K::kConfig, "tls"},
    {"libcurl", "CURLE_AUTH_ERROR", "An authentication function returned an error", K::kConfig,
     "credentials"},
    {"libcurl", "CURLE_SSL_CLIENTCERT", "SSL Client Certificate required", K::kConfig, "tls"},
    // libcurl's error buffer (CURLOPT_ERRORBUFFER) formats.
    {"libcurl", "resolve", R"(Could not resolve (host|proxy): \S+)", K::kInfra, "dns", P},
    {"libcurl", "connect", R"(Failed to connect to \S+ port \d+)", K::kInfra, "connect", P},
    {"libcurl", "connect_timeout", R"(Connection timed out after \d+ milli)", K::kInfra, "timeout",
     P},
    {"libcurl", "timeout", R"(Operation timed out after \d+ milli)", K::kInfra, "timeout", P},
    {"libcurl", "resolve_timeout", R"(Resolving timed out after \d+ milli)", K::kInfra, "timeout",
     P},
    {"libcurl", "low_speed", R"(Operation too slow\. Less than \d+ bytes/sec)", K::kInfra,
     "timeout", P},
    {"libcurl", "partial", R"(transfer closed with (\d+ bytes|outstanding read data) remaining)",
     K::kInfra, "connect", P},
    {"libcurl", "empty_reply", "Empty reply from server", K::kInfra, "connect"},
    {"libcurl", "recv", R"((Recv|Send) failure: )", K::kInfra, "connect", P},
    {"libcurl", "tls_io",
     R"(OpenSSL SSL_(connect|read|write): (SSL_ERROR_SYSCALL|Connection reset))", K::kInfra, "tls",
     P},
    {"libcurl", "tls_eof", "unexpected eof while reading", K::kInfra, "tls"},
    {"libcurl", "tls_name",
     R"(SSL: (no alternative certificate subject name matches|certificate subject name .* does not match) target host name)",
     K::kConfig, "tls", P},
    {"libcurl", "tls_certificate", R"(SSL certificate problem: )", K::kConfig, "tls", P},
    {"libcurl", "tls_files",
     R"(error setting certificate (file|verify locations)|unable to set private key file)",
     K::kConfig, "tls", P},
    {"libcurl", "tls_plain_port", "wrong version number", K::kConfig, "tls"},
    {"libcurl", "proxy_5xx", R"(Received HTTP code 50[234] from proxy)", K::kInfra, "http_5xx", P},
    {"libcurl", "proxy_auth", R"(Received HTTP code 407 from proxy)", K::kConfig, "credentials", P},
    // libpq's connection failures (fe-connect.c, fe-auth.c, fe-secure*.c).
    {"libpq", "dns", "could not translate host name " Q "[^\"\\\\]*" Q " to address", K::kInfra,
     "dns", P},
    {"libpq", "not_running", R"(Is the server running (on that host|locally) and accepting)",
     K::kInfra, "database", P},
    {"libpq", "timeout", R"((?m)(^|failed: |\\n)timeout expired)", K::kInfra, "timeout", P},
    {"libpq", "closed", "server closed the connection unexpectedly", K::kInfra, "database"},
    {"libpq", "io", R"(could not (receive data from|send data to) server)", K::kInfra, "database",
     P},
    {"libpq", "lost", R"(no connection to the server|connection to server was lost)", K::kInfra,
     "database", P},
    {"libpq", "ssl_eof",
     R"(SSL (SYSCALL error: EOF detected|connection has been closed unexpectedly))", K::kInfra,
     "database", P},
    {"libpq", "no_password", "no password supplied", K::kConfig, "credentials"},
    {"libpq", "option",
     R"(invalid connection option|invalid \w+ value: |invalid integer value .* for connection option|invalid port number|missing \\?"=\\?" after|in connection info string|invalid URI query parameter|invalid percent-encoded token)",
     K::kConfig, "invalid_option", P},
    {"libpq", "ssl_required", "server does not support SSL, but SSL was required", K::kConfig,
     "tls"},
    {"libpq", "ssl_negotiation", "received invalid response to SSL negotiation", K::kConfig, "tls"},
    {"libpq", "tls_name", R"(server certificate for .* does not match host name)", K::kConfig,
     "tls", P},
    {"libpq", "tls_root",
     R"(root certificate file .* does not exist|certificate verify failed|could not open certificate file)",
     K::kConfig, "tls", P},
    // The PostgreSQL server's replies (FATAL/ERROR texts and SQLSTATEs).
    {"postgres", "53300",
     R"(sorry, too many clients already|remaining connection slots are reserved|too many connections for (role|database))",
     K::kInfra, "capacity", P},
    {"postgres", "57P01", "terminating connection due to administrator command", K::kInfra,
     "database"},
    {"postgres", "57P03",
     R"(the database system is (starting up|shutting down|in recovery mode|not (yet )?accepting connections))",
     K::kInfra, "database", P},
    {"postgres", "28P01",
     R"((password|Peer|Ident|certificate|SCRAM|md5) authentication failed for user)", K::kConfig,
     "credentials", P},
    {"postgres", "28000",
     R"(no pg_hba\.conf entry for|pg_hba\.conf rejects connection|role )" Q R"([^"\\]+)" Q
     " does not exist",
     K::kConfig, "credentials", P},
    {"postgres", "3D000", R"(database )" Q R"([^"\\]+)" Q " does not exist", K::kConfig,
     "unknown_database", P},
    {"postgres", "42501", "User does not have CONNECT privilege", K::kConfig, "credentials"},
    // A statement timeout is the query's own limit: slow SQL is the code's until shown otherwise.
    {"postgres", "57014", "canceling statement due to statement timeout", K::kCode,
     "database_query"},
    // SQLSTATEs where a message names them (libpq's verbose form `FATAL:  53300: ...`, drivers'
    // `SQLSTATE 53300`): classes 08 (connection), 53 (resources), 57P0x (operator), 28 and 3D000.
    {"postgres", "08xxx", R"((SQLSTATE|sqlstate|(FATAL|ERROR|PANIC):)\W{0,4}080[0-9][0-9])",
     K::kInfra, "database", P},
    {"postgres", "53xxx", R"((SQLSTATE|sqlstate|(FATAL|ERROR|PANIC):)\W{0,4}53[0-9]{3})", K::kInfra,
     "capacity", P},
    {"postgres", "57P0x", R"((SQLSTATE|sqlstate|(FATAL|ERROR|PANIC):)\W{0,4}57P0[1-5])", K::kInfra,
     "database", P},
    {"postgres", "28xxx", R"((SQLSTATE|sqlstate|(FATAL|ERROR|PANIC):)\W{0,4}28(000|P01))",
     K::kConfig, "credentials", P},
    {"postgres", "3D000", R"((SQLSTATE|sqlstate|(FATAL|ERROR|PANIC):)\W{0,4}3D000)", K::kConfig,
     "unknown_database", P},
    // Code: the server answered, and said the query or its data is wrong.
    {"postgres", "42xxx/23xxx/22xxx",
     R"((SQLSTATE|sqlstate|(FATAL|ERROR|PANIC):)\W{0,4}(42601|42P01|42703|42883|23505|23503|23502|23514|22P02|22003|22001|22012))",
     K::kCode, "database_query", P},
    {"postgres", "syntax", "syntax error at or near " Q, K::kCode, "database_query", P},
    {"postgres", "constraint", R"(violates (unique|foreign key|not-null|check) constraint)",
     K::kCode, "database_query", P},
    {"postgres", "undefined",
     R"((relation|column|function) )" Q R"([^"\\]+)" Q R"(( of relation )" Q R"([^"\\]+)" Q
     R"()? does not exist)",
     K::kCode, "database_query", P},
    {"postgres", "data",
     R"(invalid input syntax for type|division by zero|value too long for type)", K::kCode,
     "database_query", P},
    // errno (strerror): the network failing under a test.
    {"errno", "ECONNREFUSED", "Connection refused", K::kInfra, "connect"},
    {"errno", "ECONNRESET", "Connection reset by peer", K::kInfra, "connect"},
    {"errno", "ECONNABORTED", "Software caused connection abort", K::kInfra, "connect"},
    {"errno", "ENETRESET", "Network dropped connection on reset", K::kInfra, "connect"},
    {"errno", "EPIPE", "Broken pipe", K::kInfra, "connect"},
    {"errno", "ENETUNREACH", "Network is unreachable", K::kInfra, "connect"},
    {"errno", "ENETDOWN", "Network is down", K::kInfra, "connect"},
    {"errno", "EHOSTUNREACH", "No route to host", K::kInfra, "connect"},
    {"errno", "EHOSTDOWN", "Host is down", K::kInfra, "connect"},
    {"errno", "ETIMEDOUT", "Connection timed out", K::kInfra, "timeout"},
    // getaddrinfo (gai_strerror).
    {"getaddrinfo", "EAI_AGAIN", "Temporary failure in name resolution", K::kInfra, "dns"},
    {"getaddrinfo", "EAI_FAIL", "Non-recoverable failure in name resolution", K::kInfra, "dns"},
    // A definite "no such name" answer: the name (a setting) or its record must change.
    {"getaddrinfo", "EAI_NONAME", "Name or service not known", K::kConfig, "unknown_host"},
    {"getaddrinfo", "EAI_NODATA", "No address associated with hostname", K::kConfig,
     "unknown_host"},
    {"getaddrinfo", "EAI_SERVICE", "Servname not supported for ai_socktype", K::kConfig,
     "invalid_option"},
    // c-ares (ares_strerror).
    {"c-ares", "ARES_ENODATA", "DNS server returned answer with no data", K::kConfig,
     "unknown_host"},
    {"c-ares", "ARES_ESERVFAIL", "DNS server returned general failure", K::kInfra, "dns"},
    {"c-ares", "ARES_ENOTFOUND", "Domain name not found", K::kConfig, "unknown_host"},
    {"c-ares", "ARES_EREFUSED", "DNS server refused query", K::kInfra, "dns"},
    {"c-ares", "ARES_ECONNREFUSED", "Could not contact DNS servers", K::kInfra, "dns"},
    {"c-ares", "ARES_ETIMEOUT", "Timeout while contacting DNS servers", K::kInfra, "dns"},
    // HTTP: gateways and load balancers that could not reach the service, and 4xx answers.
    {"http", "5xx_status_line", R"(HTTP/\d(\.\d)? 50[234]\b)", K::kInfra, "http_5xx", P},
    {"http", "5xx_reason",
     R"(\b50[234] (Bad Gateway|Service (Temporarily )?Unavailable|Gateway Time-?out)\b)", K::kInfra,
     "http_5xx", P},
    {"http", "5xx_page", R"(<title>50[234]\b)", K::kInfra, "http_5xx", P},
    {"http", "5xx_field",
     R"(\b(status|status code|status_code|response code|HTTP)\\?"?[ =:]+50[234]\b)", K::kInfra,
     "http_5xx", P},
    {"http", "5xx_curl", R"(The requested URL returned error: 50[234])", K::kInfra, "http_5xx", P},
    {"http", "envoy",
     R"(upstream connect error or disconnect/reset before headers|no healthy upstream|upstream request timeout)",
     K::kInfra, "http_5xx", P},
    {"http", "gfe", "The server encountered a temporary error and could not complete your request",
     K::kInfra, "http_5xx"},
    {"http", "4xx",
     R"(HTTP/\d(\.\d)? 4\d\d\b|\b(status|status code|status_code|response code|HTTP)\\?"?[ =:]+4\d\d\b|The requested URL returned error: 4\d\d)",
     K::kCode, "http_4xx", P},
    // gRPC status names.
    {"grpc", "UNAVAILABLE", R"(\bUNAVAILABLE\b: |StatusCode\.UNAVAILABLE)", K::kInfra, "connect",
     P},
    {"grpc", "DEADLINE_EXCEEDED", R"(\bDEADLINE_EXCEEDED\b|context deadline exceeded)", K::kInfra,
     "timeout", P},
    // The same errno texts as other runtimes print them (lowercase), and Boost.Asio's categories:
    // netdb:2 is "try again", netdb:1 a name that does not exist, misc:2 the peer closed.
    {"socket", "lowercase", R"((?i)\bconnection (refused|reset by peer)\b)", K::kInfra, "connect",
     P},
    {"socket", "lowercase_timeout", R"((?i)\bconnection timed out\b)", K::kInfra, "timeout", P},
    {"asio", "netdb", R"(\[asio\.netdb:2\]|\[asio\.misc:2\])", K::kInfra, "connect", P},
    {"asio", "netdb_not_found", R"(\[asio\.netdb:1\])", K::kConfig, "unknown_host", P},
    // A socket timeout (SO_RCVTIMEO) as errno reports it, where a call names it: bare EAGAIN is
    // as often a non-blocking socket misused.
    {"socket", "EAGAIN",
     R"(\b(recv|recvfrom|read|send|write|connect|accept|poll)\b[^\n]*: Resource temporarily unavailable)",
     K::kInfra, "timeout", P},
    // Settings the run was not given: an environment variable (a name with an underscore, as
    // they are written), a config key, a URL scheme.
    {"settings", "unset",
     R"((environment variable|env var) \$?[A-Za-z_][A-Za-z0-9_]* (is (not set|unset|empty)|must be set)|\$?\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b (is )?(not set|must be set)\b|missing setting: |missing (config(uration)? )?key ')",
     K::kConfig, "setting", P},
    {"settings", "scheme", R"((?i)unsupported (url )?scheme|scheme( \S+)? is not supported)",
     K::kConfig, "invalid_option", P},
    // cpp-httplib's to_string(Error) after a request line ("POST http://api/users: Connection").
    // Its "Connection" is left out here and below: a refused connect and a name that does not
    // exist both give it; the network evidence tells them apart.
    {"cpp-httplib", "request",
     R"((?m)\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+( failed)?: (Read|Write)( \(\d+\))?$)",
     K::kInfra, "connect", P},
    {"cpp-httplib", "request_timeout",
     R"((?m)\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+( failed)?: ConnectionTimeout( \(\d+\))?$)",
     K::kInfra, "timeout", P},
    {"cpp-httplib", "tls", R"(\bSSL(ServerVerification|LoadingCerts)\b)", K::kConfig, "tls", P},
    // cpp-httplib's Error as its operator<< prints it ("Read (4)"): the bare names are ordinary
    // words, so only the printed form with its number counts.
    {"cpp-httplib", "Read", R"(\b(Read \(4\)|Write \(5\)))", K::kInfra, "connect", P},
    {"cpp-httplib", "ConnectionTimeout", R"(\bConnectionTimeout \(13\))", K::kInfra, "timeout", P},
    {"cpp-httplib", "SSLServerVerification",
     R"(\b(SSLServerVerification \(10\)|SSLLoadingCerts \(9\)))", K::kConfig, "tls", P},
    // Redis error replies (and hiredis' own wording for a dropped connection).
    {"redis", "LOADING", "LOADING Redis is loading the dataset", K::kInfra, "database"},
    {"redis", "BUSY", "BUSY Redis is busy running a script", K::kInfra, "database"},
    {"redis", "MASTERDOWN", R"(\bMASTERDOWN\b|\bCLUSTERDOWN\b|\bTRYAGAIN\b)", K::kInfra, "database",
     P},
    {"redis", "maxclients", "max number of clients reached", K::kInfra, "capacity"},
    {"redis", "closed", "Server closed the connection", K::kInfra, "connect"},
    {"redis", "WRONGPASS", R"(\bWRONGPASS\b|\bNOAUTH\b|ERR invalid password)", K::kConfig,
     "credentials", P},
    {"redis", "DB", "DB index is out of range", K::kConfig, "invalid_option"},
    // Connection pools of common drivers (HikariCP, SQLAlchemy, generic).
    {"pool", "exhausted",
     R"((?i)\bpool (is )?exhausted|Timeout waiting for connection from pool|QueuePool limit of size \d+|max_client_conn|no more connections allowed)",
     K::kInfra, "capacity", P},
};

#undef Q

}  // namespace

std::span<const KnownError> KnownErrors() {
  return kTable;
}

bool IsSymbolicName(std::string_view name) {
  if (name.size() < 5) return false;
  for (char c : name)
    if (!std::isupper(static_cast<unsigned char>(c)) && c != '_') return false;
  return name.starts_with('E') || name.starts_with("CURLE_") || name.starts_with("ARES_");
}

}  // namespace preflight
