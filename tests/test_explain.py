"""`effclaims explain`: what the rules made of each number, and each named veto with its cases.

The ratio rule reads a quantity in a fixed order of vetoes and readings
(`rules/ratios.py`); each veto has an id, and here the sentences it is for: the veto
named must be the one that decides, and no claim of the ratio types may come out.
"""

from __future__ import annotations

import subprocess

import pytest
from conftest import EFFCLAIMS

from effclaims.explain import explain, render
from effclaims.model import RATIO_TYPES

VETO_CASES = [
    ("ratio.from_levels", "The new router reduces dropped tokens from 7.5% to 0.3%."),
    ("ratio.from_levels", "Idle time on the workers falls from 30-40% to under 5%."),
    ("ratio.allowed_multiple", "Given 3x the GPU hours, the baseline closes half the gap."),
    ("ratio.allowed_multiple", "It reaches the target within 1.3x the number of training rounds."),
    ("ratio.share_outside", "The sparsity predictor itself costs 5% of the total area."),
    ("ratio.share_outside", "The scheduler costs under 2% of the chip area."),
    ("ratio.gap", "There is a gap of 2X-40X in the desired performance."),
    ("ratio.gap", "Current chips show gaps of 3x to meet the target."),
    ("ratio.settings_span", "The study covers windows from 10 ms to 2 s of recorded speech."),
    ("ratio.quality_loss", "Pruning the ranking model costs an NDCG loss of under 0.1%."),
    ("ratio.from_to.scaling", "Throughput scales almost linearly from 16 to 512 accelerators."),
    ("ratio.share_of_capacity", "The page table occupies 12% of device memory."),
    ("ratio.passive_share", "In production, 25% of training time is spent waiting for data."),
    ("ratio.data", "The method needs 10x more data than supervised training."),
    ("ratio.data", "It learns from 5x fewer labels."),
    ("ratio.data", "The filter can drop up to 40% of the training set without loss."),
    ("ratio.n_to_m", "The kernel exploits the hardware's acceleration of 2:4 sparse patterns."),
    ("ratio.n_to_m", "Pruning leaves a speedup of 4:8 blocks to the sparse kernels."),
    (
        "ratio.beats_unnamed",
        "Our kernel beats the reference implementation by 12% at batch size 1.",
    ),
    ("ratio.own_overhead", "Keeping the shadow copies costs a memory overhead of 1.2x."),
    ("ratio.own_overhead", "The checker adds a 1.03x runtime overhead to each step."),
    ("ratio.grows_resource", "The router increases the usable context length by 4x."),
    ("ratio.grows_resource", "Chunking extends the supported sequence length by 8x at no cost."),
    ("ratio.no_resource", "The pipeline is 3x simpler to deploy."),
    ("ratio.no_resource", "Users rated it 2x more helpful."),
    ("ratio.percent.no_direction", "About 3% of the weights are outliers."),
    ("ratio.percent.vague_speed", "It yields a 12.8% improvement in performance."),
    ("ratio.percent.overhead", "It runs with less than 5% latency increase."),
    ("ratio.slower_task", "Video training is 10x slower than image training."),
    ("ratio.slower_task", "Exact inference is about 5x slower than sampling."),
    ("ratio.real_time", "The vocoder synthesises speech 20x faster than real time."),
    ("ratio.real_time", "It runs at a real-time factor of 0.05 on a laptop."),
    ("ratio.spread", "Batching reduces latency jitter by 5x."),
    ("ratio.spread", "It cuts the variance of step time by 60%."),
    ("ratio.metric", "Admission control raises the cache hit rate by 25%."),
    ("ratio.metric", "It reduces the error of energy prediction by 35%."),
    ("ratio.carbon", "The distilled model has a 3x smaller carbon footprint."),
    ("ratio.carbon", "Cleaner power cuts the CO2 emissions of the cluster by 2x."),
    ("ratio.per_area", "The tile reaches 2.2x higher throughput per mm² than a MAC array."),
    ("ratio.uses_more", "Our network has 3x more parameters than ResNet."),
    ("ratio.share_of_quality", "The student retains 97% of the teacher's zero-shot performance."),
    (
        "ratio.share_of_quality",
        "The sparse network with fewer weights retains 98% of its original accuracy.",
    ),
    ("ratio.uses_more", "When trained with 3x more steps, the small model catches up."),
    ("ratio.growth_trend", "Training costs have grown by 2.4x per year."),
    ("ratio.trained_share", "The adapter trains 40% fewer parameters than LoRA."),
    ("ratio.not_resource", "A 2x smaller chip area is reported."),
    ("ratio.not_resource", "The design achieves 2x smaller area."),
    ("ratio.growing_cost", "This doubles the cost of fine-tuning."),
    ("ratio.rising_cost", "Naive batching increases the memory footprint by 3x."),
    ("ratio.price_paid", "It reaches the target at the price of 23% more compute."),
    ("ratio.price_paid", "Recall improves at a cost of 1.6x more storage."),
    ("ratio.rising_cost", "Without the cache, latency increased by a factor of 2."),
    ("ratio.from_to.workloads", "Its runtime is nearly constant from 1 to 20 people in view."),
    ("ratio.trainable", "It reduces trainable parameters by 40%."),
    ("ratio.real_time", "The largest configuration runs at 0.5x real time on a CPU."),
    ("ratio.part_share", "The router's own inference consumes under 2% of each step."),
    ("ratio.machines", "The cache lets the fleet retire a third of its parameter-server machines."),
    ("ratio.overhead", "The verifier raises peak memory by only 3%."),
    ("ratio.versus.target", "Median TTFT is now 280 ms, against the 500 ms target in our SLO."),
    ("ratio.from_to.content", "It extends generation from 8 to 32 seconds of video."),
    ("ratio.slowdown_overhead", "It checkpoints every 90 seconds with less than 1% slowdown."),
    ("ratio.slowdown_overhead", "Tracing runs with only a 2% slowdown on the cluster."),
    ("ratio.part_share", "The adder tree accounts for under a third of total macro power."),
    ("ratio.from_to.machines", "Weak-scaling efficiency is 87% from 512 to 8,192 nodes."),
    (
        "ratio.metric_value",
        "It converges in fewer epochs to the same accuracy (66.1% lower on a graph).",
    ),
    ("ratio.percent.exposed", "A two-week A/B test on 5% of traffic ran in March."),
    ("ratio.percent.exposed", "An A/B test on 10% of sessions increased revenue by 0.8%."),
    ("ratio.undersampling", "On multi-coil MRI, at 8-fold acceleration the SSIM is 0.90."),
    ("ratio.hz.signal", "The audio is sampled at 16 kHz versus 8 kHz."),
    (
        "ratio.task_comparison",
        "Training on video costs an order of magnitude more time than training on images.",
    ),
    ("ratio.share_of_people", "We find that fewer than a third of the papers report it."),
]

# The rate rule's vetoes: a rate or time that is no throughput or latency claim.
RATE_VETO_CASES = [
    ("latency.ordinal", "On 97 scans from a second vendor, Dice was 0.896."),
    ("rate.rated", "The gateway's NPU is rated at 2.3 TOPS."),
    ("rate.rated", "The card has a theoretical peak of 989 TFLOPS in BF16."),
    ("latency.product_plural", "It draws far less than a pair of 4090s would pull."),
    ("latency.product_plural", "We replaced our 3090s with a single newer card."),
    ("rate.required", "Real-time use in the operating theatre needs at least 25 fps."),
    ("rate.required", "Interactive applications demand that responses arrive within 200 ms."),
    ("rate.recorded", "The driving data was collected at 10 FPS."),
    ("rate.recorded", "The drone's camera delivers 30 Hz frames."),
    ("rate.recorded", "The LiDAR spins at 10 Hz."),
    ("rate.target", "A smaller variant meets a 10 FPS requirement on the same board."),
    ("rate.rated", "The vendors rate these modules at 26, 13 and 214 TOPS respectively."),
    ("latency.not_a_time", "The on-board readings are averaged over windows of up to 100 ms."),
    ("rate.content", "The model generates 24 FPS video from a text prompt."),
    ("rate.hz.signal", "The speech is processed as 16 kHz audio."),
    ("rate.hz.not_doing", "A value of 50 Hz is typical for this kind of design."),
    ("rate.ops_amount", "The backbone costs 3.8 GOPs per image."),
    ("rate.per_resource", "The accelerator reaches an efficiency of 12 TOPS/W."),
    ("rate.flops_amount", "Training the model costs 3 PFLOPs."),
    ("latency.not_a_time", "Under a fixed budget of 24 hours of training, it wins."),
    ("latency.not_a_time", "All methods are given a 100 ms latency budget per frame."),
    ("latency.duration", "Each demonstration episode lasts 45 seconds."),
    ("latency.people", "A team of five shipped the change in 6 weeks."),
    (
        "latency.duration",
        "We ran a deployment of the keyboard on 100 volunteer phones over 8 weeks.",
    ),
    ("latency.duration", "Each sample is a 5-second excerpt of a song."),
]


@pytest.mark.parametrize(("veto", "text"), VETO_CASES, ids=[f"{v}:{t[:30]}" for v, t in VETO_CASES])
def test_each_veto_decides_its_cases(veto: str, text: str) -> None:
    spots = explain(text)
    vetoes = [step.rule for spot in spots for step in spot.steps if step.kind == "veto"]
    assert veto in vetoes, (vetoes, render(spots))
    assert not [c for spot in spots for c in spot.claims if c.type in RATIO_TYPES]


@pytest.mark.parametrize(
    ("veto", "text"), RATE_VETO_CASES, ids=[f"{v}:{t[:30]}" for v, t in RATE_VETO_CASES]
)
def test_each_veto_of_the_rate_rule_decides_its_cases(veto: str, text: str) -> None:
    spots = explain(text)
    vetoes = [step.rule for spot in spots for step in spot.steps if step.kind == "veto"]
    assert veto in vetoes, (vetoes, render(spots))
    assert not [c for spot in spots for c in spot.claims if c.type in ("throughput", "latency")]


def test_every_veto_of_the_ratio_rule_has_a_case() -> None:
    from effclaims.rules import ratios

    tables = [v for name, v in vars(ratios).items() if name.isupper() or name.startswith("_")]
    ids = {
        veto.id
        for table in tables
        if isinstance(table, tuple)
        for veto in table
        if isinstance(veto, ratios.Veto)
    }
    assert ids and ids <= {veto for veto, _ in VETO_CASES}


def test_a_claim_is_shown_with_its_pattern_and_reading() -> None:
    spots = explain("Our kernel is 2.4x faster on an A100, and 2023 was a good year.")
    by_text = {s.text: s for s in spots}
    speed = by_text["2.4x"]
    assert [step.rule for step in speed.steps] == ["ratio.times", "ratio.times"]
    assert [(c.type, c.value) for c in speed.claims] == [("speedup", 2.4)]
    assert [(c.type, c.value) for c in by_text["A100"].claims] == [("hardware", "A100")]
    assert not by_text["2023"].steps and not by_text["2023"].claims
    assert "no pattern matches this number" in render([by_text["2023"]])


def test_explain_command_reads_an_argument_or_stdin() -> None:
    text = "It reduces memory by 75% but needs 10x more data."
    by_argument = subprocess.run([EFFCLAIMS, "explain", text], capture_output=True, text=True)
    by_stdin = subprocess.run(
        [EFFCLAIMS, "explain", "-"], input=text, capture_output=True, text=True
    )
    assert by_argument.returncode == by_stdin.returncode == 0, by_argument.stderr
    assert by_argument.stdout == by_stdin.stdout
    out = by_argument.stdout.splitlines()
    assert out[0] == "'75%' at 21-24"
    assert "  claim memory_reduction 4×: '75%' [ratio.percent]" in out
    assert (
        "  veto ratio.data: data or samples, not a resource: 10x more data is data efficiency"
        in out
    )
