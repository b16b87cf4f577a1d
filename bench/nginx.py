"""nginx in front of the application servers: the site (as docs/deployment.md shows it), a whole config, a key.

``site`` is the deployment's site file; the rehearsal wraps it in ``main_config`` (the parts a
Debian host's /etc/nginx/nginx.conf gives it: logs, temporary files, mime types) and runs its own
nginx on loopback ports. ``python -m bench.nginx`` prints the site with the documentation's values.
"""

from __future__ import annotations

import datetime
import ipaddress
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

# Debian's package installs the binary here; /usr/sbin is not on every user's PATH.
DEBIAN_NGINX = "/usr/sbin/nginx"


@dataclass(frozen=True)
class Site:
    server_name: str
    https_port: int
    http_port: int
    upstreams: tuple[str, ...]  # host:port of each gunicorn
    static_root: str  # SHENBAO_STATIC_ROOT, after collectstatic
    certificate: str
    certificate_key: str
    upload_max_bytes: int = 20 * 1024 * 1024  # SHENBAO_UPLOAD_MAX_BYTES


EXAMPLE = Site(
    server_name="shenbao.example.gov.cn",
    https_port=443,
    http_port=80,
    upstreams=("10.0.0.11:8000", "10.0.0.12:8000"),
    static_root="/srv/shenbao/staticfiles",
    certificate="/etc/ssl/shenbao/fullchain.pem",
    certificate_key="/etc/ssl/shenbao/privkey.pem",
)


def site(s: Site) -> str:
    """The site: HTTPS only, static files from disk, everything else to the application servers."""
    port = "" if s.https_port == 443 else f":{s.https_port}"
    servers = "\n".join(f"    server {u} max_fails=1 fail_timeout=5s;" for u in s.upstreams)
    # The largest roster or attachment the application accepts, plus the form around it.
    body_mib = -(-s.upload_max_bytes // (1024 * 1024)) + 1
    return f"""\
# shenbao: TLS ends here; the application servers get plain HTTP with X-Forwarded-Proto.
upstream shenbao_app {{
    # One line per gunicorn. A server that refuses or drops a connection is left out for
    # fail_timeout; requests go to the others meanwhile.
{servers}
}}

server {{
    listen {s.http_port};
    server_name {s.server_name};
    return 301 https://$host{port}$request_uri;
}}

server {{
    listen {s.https_port} ssl http2;
    server_name {s.server_name};
    ssl_certificate {s.certificate};
    ssl_certificate_key {s.certificate_key};
    ssl_protocols TLSv1.2 TLSv1.3;
    server_tokens off;

    # SHENBAO_UPLOAD_MAX_BYTES ({s.upload_max_bytes // (1024 * 1024)} MiB) and the form around the file.
    client_max_body_size {body_mib}m;

    # collectstatic's output (SHENBAO_STATIC_ROOT), with the .gz copies WhiteNoise's storage writes.
    location /static/ {{
        alias {s.static_root}/;
        gzip_static on;
        expires 7d;
        access_log off;
    }}

    location / {{
        proxy_pass http://shenbao_app;
        # Host with its port: Django checks it against SHENBAO_ALLOWED_HOSTS and compares the
        # Origin of every form with it (CSRF over HTTPS).
        proxy_set_header Host $http_host;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        # Django trusts this header (SECURE_PROXY_SSL_HEADER in production): no redirect loop,
        # secure cookies. The application servers must not be reachable except through here.
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_redirect off;
        # A server that is down (connection refused) or dies before answering: the request goes
        # to the next one. POST too while it had not reached the dead server: nginx reads the
        # whole body first (proxy_request_buffering, the default), so it can send it again. A
        # POST the dead server had received is not repeated (no non_idempotent): it may have
        # been carried out, and the person sees an error page and can try again.
        proxy_request_buffering on;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
        proxy_connect_timeout 2s;
        # gunicorn ends a request after its 30 s timeout; nginx waits a little longer for its answer.
        proxy_read_timeout 35s;
    }}
}}
"""


def main_config(*, site_text: str, directory: Path, user: str | None) -> str:
    """A whole nginx.conf around the site, every file in ``directory`` (the rehearsal's own nginx)."""
    d = directory
    user_line = f"user {user};\n" if user else ""
    return f"""\
# Written by bench/rehearsal.py for one run; the site part is docs/deployment.md's.
{user_line}daemon off;
worker_processes auto;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{
    worker_connections 1024;
}}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    sendfile on;
    # Which application server answered each request, and whether nginx had to try the other.
    log_format upstreams '$msec $request_method $uri $status "$upstream_addr" "$upstream_status" $request_time';
    access_log {d}/access.log upstreams;
    client_body_temp_path {d}/client_body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;

{site_text}}}
"""


def find_nginx() -> str:
    found = shutil.which("nginx") or (DEBIAN_NGINX if os.access(DEBIAN_NGINX, os.X_OK) else "")
    if not found:
        raise SystemExit(
            "nginx is missing: run `make nginx` (as root: apt-get install nginx, no system site)"
        )
    return found


def self_signed_certificate(directory: Path, host: str = "127.0.0.1") -> tuple[Path, Path]:
    """A one-day certificate for ``host`` and its key (P-256), for the rehearsal's HTTPS; returns their paths."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, host)])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address(host))]), critical=False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "certificate.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.touch(mode=0o600)
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return cert_path, key_path


if __name__ == "__main__":
    print(site(EXAMPLE), end="")
