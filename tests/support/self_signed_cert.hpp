// self_signed_cert.hpp — a throwaway TLS identity for tests that serve https on loopback: a fresh P-256
// key and a self-signed certificate for 127.0.0.1, made with OpenSSL in memory, nothing read from disk.
#pragma once

#include <string>

namespace g6::testing {

struct tls_identity {
  std::string certificate_pem; // also the CA file a client trusts to accept it
  std::string key_pem;
};

/// A certificate valid for a day, subject CN=127.0.0.1 with subjectAltName IP:127.0.0.1. Throws
/// std::runtime_error when OpenSSL fails.
tls_identity make_self_signed_identity();

} // namespace g6::testing
