"""Cryptography cost per profile: ``python -m bench.crypto [--numbers 100000] [--megabytes 20] [--repeat 3]``.

For the aes and the sm profile: encrypting ``--numbers`` ID numbers and computing their look-up
hashes (what saving a roster of that size costs in cryptography), decrypting them again, and
sealing then reading back a ``--megabytes`` file through the chunked file format (what storing and
serving an upload costs). Medians of ``--repeat`` runs; the load average is printed with them.
Pure Python and ``cryptography``: no database, no Django.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import time
from collections.abc import Callable

from shenbao.domain.ciphers import Cipher, Profile
from shenbao.domain.personal import DataKey, Protector
from shenbao.domain.sealed_files import SealedReader, seal_stream


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--numbers", type=int, default=100_000)
    parser.add_argument("--megabytes", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    numbers = [f"310101{19800101 + n % 9000:08d}{n % 1000:03d}X" for n in range(args.numbers)]
    content = os.urandom(args.megabytes * 1024 * 1024)
    keys = [DataKey("a1", Cipher.AES_256_GCM, os.urandom(32)), DataKey("s1", Cipher.SM4_GCM, os.urandom(16))]
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs")
    print(f"{'profile':8} {'encrypt+hash':>14} {'decrypt':>10} {'seal file':>10} {'read file':>10}")
    for profile in Profile:
        guard = Protector.of(keys, lookup_key=os.urandom(32), profile=profile)
        tokens = [guard.encrypt(n) for n in numbers]

        def encrypt(guard: Protector = guard) -> None:
            for number in numbers:
                guard.encrypt(number)
                guard.lookup_hash("身份证", number)

        def decrypt(guard: Protector = guard, tokens: list[str] = tokens) -> None:
            for token in tokens:
                guard.decrypt(token)

        sealed = io.BytesIO()
        seal_stream(guard, io.BytesIO(content), sealed)

        def seal(guard: Protector = guard) -> None:
            seal_stream(guard, io.BytesIO(content), io.BytesIO())

        def read(guard: Protector = guard, data: bytes = sealed.getvalue()) -> None:
            with io.BufferedReader(SealedReader(guard, io.BytesIO(data)), 64 * 1024) as reader:
                while reader.read(1 << 20):
                    pass

        print(
            f"{profile.value:8} {median_seconds(encrypt, args.repeat):13.2f}s {median_seconds(decrypt, args.repeat):9.2f}s "
            f"{median_seconds(seal, args.repeat):9.2f}s {median_seconds(read, args.repeat):9.2f}s"
        )
    print(f"({args.numbers} numbers; a {args.megabytes} MB file; medians of {args.repeat})")
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
