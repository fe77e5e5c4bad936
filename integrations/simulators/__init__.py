"""Two AI-interview vendor simulators, VueSim and 面试宝 (MianshiBao), as real HTTP
servers for the tests and the demo. See README.md in this folder for the control API.

    from integrations.simulators import start_in_thread
    with start_in_thread("vuesim", seed=7) as sim:
        httpx.post(f"{sim.url}/__sim__/scenario", json={"name": "S1"})
"""

from integrations.simulators.server import RunningSimulator, start_in_thread

__all__ = ["RunningSimulator", "start_in_thread"]
