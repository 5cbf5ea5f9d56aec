"""The worker's stack sampler (where a call spends its time, for the circuit breaker) never crashes the call.

faulthandler's dump_traceback_later read the running thread's frames from a C watchdog without the GIL and
crashed a busy worker with SIGSEGV now and then: the same submission scored differently from run to run and
the student read that their code crashed. The sampler is now a Python thread that holds the GIL.
"""

import pytest

from autograder.sandbox import Limits, Worker, isolation_mode
from autograder.sandbox.bootstrap import TRACE_EVERY, TRACE_FILE
from autograder.sandbox.breaker import running_function
from tests.conftest import requires_sandbox

SOURCE = '''
import numpy as np

def busy(seconds):
    import time
    W, X = np.ones((4, 2)) * 0.1, np.linspace(-1, 1, 70).reshape(2, 35)
    end = time.monotonic() + seconds
    steps = 0
    while time.monotonic() < end:
        Z = np.tanh(W @ X)
        W = W - 0.01 * (Z @ X.T) / 35
        steps += 1
    return steps
'''


@pytest.fixture(params=["standalone", "pool"])
def worker(request):
    from autograder.sandbox.pool import shared_pool

    if request.param == "pool" and isolation_mode() != "bwrap":
        requires_sandbox("the warm pool runs only under bubblewrap")
    limits = Limits(timeout=30)
    pool = shared_pool(limits) if request.param == "pool" else None
    started = Worker(SOURCE, api=["busy"], limits=limits, pool=pool).start()
    yield started
    started.close()


def test_a_busy_call_is_sampled_and_never_crashed_by_the_sampling(worker):
    for _ in range(3):  # several seconds of tight numpy work, sampled every TRACE_EVERY s
        steps = worker.call("busy", (3 * TRACE_EVERY + 0.5,))
        assert steps > 0
    trace = (worker.output_path.parent / TRACE_FILE).read_text()
    assert trace.count("Timeout (") >= 2, trace[:500]
    function, _ = running_function(trace, {"busy"}, len(SOURCE.splitlines()))
    assert function == "busy"


def test_samples_of_an_earlier_call_are_dropped(worker):
    worker.call("busy", (2 * TRACE_EVERY + 0.2,))
    worker.call("busy", (0.0,))  # a call shorter than one period leaves no sample of its own, and none of the last
    assert "Timeout (" not in (worker.output_path.parent / TRACE_FILE).read_text()
