"""moto's server (every service it emulates: Secrets Manager, SSM, S3, ...) on a free 127.0.0.1 port.

Prints {"port": PORT} once it listens and serves until released (stdin closed or the test process gone).
"""
from moto.moto_server.threaded_moto_server import ThreadedMotoServer

import lifetime  # noqa: E402  (sibling module: how long a test server lives)
import json


def main():
    moto = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    moto.start()
    print(json.dumps({"port": moto.get_host_and_port()[1]}), flush=True)
    lifetime.wait_until_released()
    moto.stop()


if __name__ == "__main__":
    main()
