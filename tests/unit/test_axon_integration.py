"""Human motor-axon node: the integration and the checks of bad input (continued from
test_axon.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.physiology import (
    AxonModel,
    critical_shift_mV,
    motor_axon,
    refractory_period_ms,
    simulate,
    strength_duration,
    tetany_onset_ca_mM,
)

NORMAL = motor_axon()


# --------------------------------------------------------------------------- integration
def test_dispatch_batch_and_single_runs_are_identical():
    stim = np.zeros((3, 4000))
    stim[1, 500:520] = 500.0
    stim[2, :] = 50.0
    batch = simulate(NORMAL, stim, 40.0, 0.01)
    assert batch.v_mV.shape == (3, 4001) and batch.extra["s"].shape == (3, 4001)
    for row in range(3):
        single = simulate(NORMAL, stim[row], 40.0, 0.01)
        np.testing.assert_array_equal(batch.v_mV[row], single.v_mV)
        np.testing.assert_array_equal(
            batch.extra["v_internode_mV"][row], single.extra["v_internode_mV"]
        )
        np.testing.assert_array_equal(batch.spike_times_ms[row], single.spike_times_ms)


def test_single_spike_timing_is_accurate_at_dt_0_01_ms():
    """dt 0.01 ms vs a dt 0.001 ms reference: spike times within 0.02 ms, peak within 0.5 mV."""
    stim = lambda t: np.where(((t >= 5.0) & (t < 6.0)) | ((t >= 60.0) & (t < 61.0)), 200.0, 0.0)  # noqa: E731
    ref = simulate(NORMAL, stim, 80.0, 0.001)
    tr = simulate(NORMAL, stim, 80.0, 0.01)
    assert ref.spike_times_ms.size == tr.spike_times_ms.size == 2
    np.testing.assert_allclose(tr.spike_times_ms, ref.spike_times_ms, atol=0.02)
    assert tr.v_mV.max() == pytest.approx(ref.v_mV.max(), abs=0.5)


def test_the_axon_runs_in_its_compiled_kernel(monkeypatch):
    """Every step of an axon run goes through the compiled axon kernel (its speed, about 0.6 ms
    for 200 ms, is measured by ``make bench``, not here)."""
    from numba.core.dispatcher import Dispatcher

    from widgets.physiology import _kernels

    kernel, calls = _kernels.integrate_axon, []
    if not isinstance(kernel, Dispatcher):
        pytest.skip("the kernels run as plain Python (NUMBA_DISABLE_JIT=1)")
    assert kernel.signatures, "compiled when the kernels are imported"
    monkeypatch.setattr(_kernels, "integrate_axon", lambda *a: calls.append(a) or kernel(*a))
    trace = simulate(motor_axon(ca_out_mM=0.85), 0.0, 200.0, 0.01)
    assert len(calls) == 1
    assert calls[0][-1].shape[-1] == trace.t_ms.size == 20_001


@settings(max_examples=20, deadline=None)
@given(
    ca=st.floats(0.25, 3.0),
    k=st.floats(1.5, 9.0),
    mg=st.floats(0.2, 2.5),
    ph=st.floats(7.0, 7.7),
    t=st.floats(20.0, 42.0),
)
def test_any_valid_input_gives_a_finite_trace(ca, k, mg, ph, t):
    model = motor_axon(
        ca_out_mM=ca,
        k_out_mM=k,
        mg_out_mM=mg,
        temperature_c=t,
        ph=max(ph, 6.8) if ca - 0.5 * (ph - 7.4) > 0 else 7.4,
    )
    tr = simulate(model, 0.0, 20.0, 0.01)
    assert np.all(np.isfinite(tr.v_mV)) and np.all(np.isfinite(tr.extra["v_internode_mV"]))
    assert -200.0 < model.v_rest_mV < 60.0


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    "kwargs,match",
    [
        (
            {"ca_out_mM": -0.1},
            r"ca_out_mM must be a finite concentration > 0 mM \(got -0.1\)",
        ),
        ({"ca_out_mM": float("nan")}, "ca_out_mM must be a finite concentration > 0 mM"),
        ({"k_out_mM": float("inf")}, "k_out_mM must be a finite concentration > 0 mM"),
        ({"k_out_mM": 0.0}, "k_out_mM"),
        ({"mg_out_mM": -1.0}, "mg_out_mM must be a finite concentration > 0 mM"),
        ({"mg_out_mM": np.array([0.8, 0.9])}, "mg_out_mM must be a single finite concentration"),
        (
            {"k_out_mM": 50.0},
            r"k_out_mM must be a finite concentration > 0 mM \(mmol/L\) and <= 20 mM",
        ),
        ({"temperature_c": 19.9}, r"temperature_c must be a finite number in \[20, 42\] °C"),
        ({"temperature_c": 42.5}, r"temperature_c must be a finite number in \[20, 42\] °C"),
        ({"temperature_c": float("nan")}, "temperature_c"),
        ({"ph": 8.1}, r"ph must be a finite number in \[6.8, 7.8\]"),
        (
            {"ph": 7.8, "ca_out_mM": 0.1},
            r"ph=7.8 with ca_out_mM=0.1 mmol/L leaves no ionised calcium",
        ),
    ],
)
def test_bad_input_names_parameter_and_unit(kwargs, match):
    with pytest.raises(ValueError, match=match):
        motor_axon(**kwargs)


def test_simulate_and_measures_check_their_arguments():
    with pytest.raises(ValueError, match=r"dt_ms must be a finite number > 0 and <= 0.02 ms"):
        simulate(NORMAL, 0.0, 10.0, 0.05)
    with pytest.raises(ValueError, match="model must be an AxonModel"):
        strength_duration("axon")
    with pytest.raises(ValueError, match="widths_ms"):
        strength_duration(NORMAL, (0.1,))
    with pytest.raises(ValueError, match="test_factor"):
        refractory_period_ms(NORMAL, -1.0)
    assert isinstance(NORMAL, AxonModel) and math.isfinite(NORMAL.v_rest_mV)


def test_numbers_quoted_in_chapters_2_and_3():
    """Model values typed in the chapters' prose and exercise solutions (printed by their code cells)."""
    assert round(tetany_onset_ca_mM(), 2) == 0.92
    assert round(tetany_onset_ca_mM(mg_out_mM=0.5), 2) == 1.08
    assert round(tetany_onset_ca_mM(ph=7.6), 2) == 1.02
    assert round(critical_shift_mV(NORMAL), 1) == -2.3  # "a little over 2 mV"
    assert round(strength_duration(NORMAL).tau_sd_ms, 2) == 0.48
