"""Local stand-ins for the notification providers, for tests and the demo.

Real HTTP servers on loopback, so the channels' HTTP code runs for real:

    sim = start_aliyun_sms_simulator()      # port 0: a free port
    sim.url                                 # "http://127.0.0.1:41234"
    sim.app.messages()                      # what the phones would show
    sim.stop()                              # or `with start_...() as sim:`

`manage.py notification_simulator sms|chat` runs either from the shell.
"""

from collections.abc import Mapping, Sequence

from hrflow.notifications.simulators.aliyun_sms import AliyunSmsSimulator
from hrflow.notifications.simulators.chat_robots import ChatRobotSimulator
from hrflow.notifications.simulators.server import RunningSimulator, serve_in_thread


def start_aliyun_sms_simulator(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    access_keys: Mapping[str, str] | None = None,
    sign_names: tuple[str, ...] | None = None,
    templates: Mapping[str, str] | None = None,
    verbose: bool = False,
) -> RunningSimulator[AliyunSmsSimulator]:
    """Aliyun SMS on host:port; its endpoint (HRFLOW_SMS_ENDPOINT) is `url + "/"`."""
    app = AliyunSmsSimulator(access_keys=access_keys, sign_names=sign_names, templates=templates)
    return serve_in_thread(app, host=host, port=port, verbose=verbose)


def start_chat_robot_simulator(
    *,
    host: str = "127.0.0.1",
    port: int = 0,
    robots: Sequence[Mapping[str, str]] = (),
    per_minute: int = 20,
    verbose: bool = False,
) -> RunningSimulator[ChatRobotSimulator]:
    """WeCom, DingTalk and Feishu robots on host:port; `robots` as {"kind", "token", "secret"}."""
    app = ChatRobotSimulator(robots=robots, per_minute=per_minute)
    return serve_in_thread(app, host=host, port=port, verbose=verbose)


__all__ = [
    "AliyunSmsSimulator",
    "ChatRobotSimulator",
    "RunningSimulator",
    "start_aliyun_sms_simulator",
    "start_chat_robot_simulator",
]
