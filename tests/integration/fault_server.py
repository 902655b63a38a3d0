#!/usr/bin/env python3
"""Misbehaving servers on 127.0.0.1 for the fault matrix (fault_matrix.sh): each fault on its
own port, chosen by the kernel, written as NAME=PORT lines to PORTS_FILE. Runs until killed.

HTTP (TCP):  http_silent      accepts, never reads or answers
             http_slow_headers  status line, then one header byte every 300 ms, forever
             http_slow_body   headers (Content-Length: 100000), then one byte every 300 ms
             http_reset_body  headers (Content-Length: 100000), 10 bytes, then a TCP reset
             http_503         503 Service Unavailable, always
             http_redirect_loop  302 to itself, always
             http_huge        200 with an endless chunked body
TCP:         tcp_blackhole    a full accept queue: SYNs are dropped, connect() never completes,
                              as when a VPC connector or a firewall drops traffic
DNS (UDP):   dns_silent       never answers
             dns_refused      answers REFUSED
             dns_servfail     answers SERVFAIL
             dns_slow         answers 127.0.0.1 after 700 ms
PostgreSQL:  pg_silent        accepts, never answers the startup packet
             pg_starting      FATAL 57P03 "the database system is starting up", as a starting
                              postmaster sends it
             pg_too_many      FATAL 53300 "sorry, too many clients already"
Usage: fault_server.py PORTS_FILE
"""
import os
import socket
import struct
import sys
import threading
import time


def serve_tcp(handler):
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)

    def accept_loop():
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=guarded, args=(handler, conn), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    return listener.getsockname()[1]


def guarded(handler, conn):
    try:
        handler(conn)
    except OSError:
        pass  # the client gave up: that is the point
    finally:
        try:
            conn.close()
        except OSError:
            pass


def read_request(conn):
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            raise OSError("closed")
        data += chunk
    return data


def forever(conn):
    while conn.recv(4096):
        pass


def http_silent(conn):
    time.sleep(3600)


def http_slow_headers(conn):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\n")
    while True:
        conn.sendall(b"X")
        time.sleep(0.3)


def http_slow_body(conn):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
    while True:
        conn.sendall(b" ")
        time.sleep(0.3)


def http_reset_body(conn):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n")
    conn.sendall(b'{"status":')
    time.sleep(0.05)
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))  # RST on close


def http_503(conn):
    while True:
        read_request(conn)
        body = b'{"status":"unavailable"}'
        conn.sendall(b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
                     b"Content-Length: %d\r\n\r\n%s" % (len(body), body))


def http_redirect_loop(conn):
    while True:
        request = read_request(conn)
        path = request.split(b" ")[1]
        conn.sendall(b"HTTP/1.1 302 Found\r\nLocation: %s\r\nContent-Length: 0\r\n\r\n" % path)


def http_huge(conn):
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\n")
    chunk = b"x" * 65536
    frame = b"%x\r\n%s\r\n" % (len(chunk), chunk)
    while True:
        conn.sendall(frame)


def pg_read_startup(conn):
    """Answers SSL and GSS encryption requests with 'N' and returns once the startup packet is in."""
    while True:
        header = conn.recv(8, socket.MSG_WAITALL)
        if len(header) < 8:
            raise OSError("closed")
        length, code = struct.unpack("!ii", header)
        if code in (80877103, 80877104):  # SSLRequest, GSSENCRequest
            conn.sendall(b"N")
            continue
        conn.recv(length - 8, socket.MSG_WAITALL)
        return


def pg_fatal(sqlstate, message):
    fields = b"SFATAL\0VFATAL\0C%s\0M%s\0\0" % (sqlstate.encode(), message.encode())
    return b"E" + struct.pack("!i", len(fields) + 4) + fields


def pg_silent(conn):
    forever(conn)


def pg_starting(conn):
    pg_read_startup(conn)
    conn.sendall(pg_fatal("57P03", "the database system is starting up"))


def pg_too_many(conn):
    pg_read_startup(conn)
    conn.sendall(pg_fatal("53300", "sorry, too many clients already"))


def serve_blackhole():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    port = listener.getsockname()[1]
    fillers = []
    for _ in range(4):  # fill the accept queue; later SYNs are dropped
        filler = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        filler.setblocking(False)
        filler.connect_ex(("127.0.0.1", port))
        fillers.append(filler)
    time.sleep(0.2)
    return port, (listener, fillers)


def serve_dns(answer):
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))

    def respond(query, client):
        reply = answer(query)
        if reply is not None:
            sock.sendto(reply, client)

    def loop():
        while True:
            query, client = sock.recvfrom(512)
            threading.Thread(target=respond, args=(query, client), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return sock.getsockname()[1]


def dns_reply(query, rcode, address=None):
    (qid, flags) = struct.unpack("!HH", query[:4])
    end = 12
    while query[end] != 0:
        end += query[end] + 1
    question = query[12:end + 5]
    answers = b""
    if address is not None:
        answers = (b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + socket.inet_aton(address))
    reply_flags = 0x8000 | (flags & 0x0100) | 0x0080 | rcode
    return struct.pack("!HHHHHH", qid, reply_flags, 1, 1 if answers else 0, 0, 0) + question + answers


def dns_slow(query):
    time.sleep(0.7)
    return dns_reply(query, 0, "127.0.0.1")


def main():
    ports = {}
    for handler in (http_silent, http_slow_headers, http_slow_body, http_reset_body, http_503,
                    http_redirect_loop, http_huge, pg_silent, pg_starting, pg_too_many):
        ports[handler.__name__] = serve_tcp(handler)
    ports["tcp_blackhole"], keep = serve_blackhole()
    ports["dns_silent"] = serve_dns(lambda query: None)
    ports["dns_refused"] = serve_dns(lambda query: dns_reply(query, 5))
    ports["dns_servfail"] = serve_dns(lambda query: dns_reply(query, 2))
    ports["dns_slow"] = serve_dns(dns_slow)
    temporary = sys.argv[1] + ".tmp"
    with open(temporary, "w") as out:
        for name, port in ports.items():
            out.write("%s=%d\n" % (name, port))
    os.rename(temporary, sys.argv[1])
    threading.Event().wait()


if __name__ == "__main__":
    main()
