using Harness.Runner.Benchmarking;
using Harness.Runner.Benchmarking.Report;
using Harness.Runner.Benchmarking.Rig;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Benchmarking;

/// <summary>What a bench runs, decided before it starts: the same runs in every round, in a rotating order.</summary>
public class BenchPlanTests
{
    [Test]
    public void Every_round_runs_every_path_or_loss_rate_once_per_client()
    {
        var options = BenchOptions.Default with { Rounds = 3, LossRounds = 2 };

        var steps = BenchPlan.For(options);

        steps.Select(step => step.Number).Should().Equal(Enumerable.Range(1, steps.Count));
        steps.Should().OnlyContain(step => step.Total == steps.Count);
        steps.Count(step => step.Phase == BenchPhase.Memory).Should().Be(2);
        foreach (var client in BenchPlan.Clients)
        {
            for (var round = 0; round < 3; round++)
            {
                steps.Where(step => step.Phase == BenchPhase.Paths && step.Round == round && step.Spec.Client == client).Select(step => step.Spec.Path)
                    .Should().BeEquivalentTo(BenchPaths.All);
            }

            for (var round = 0; round < 2; round++)
            {
                steps.Where(step => step.Phase == BenchPhase.Loss && step.Round == round && step.Spec.Client == client).Select(step => step.Spec.LossRate)
                    .Should().BeEquivalentTo([0, 0.01, 0.1]);
            }
        }
    }

    [Test]
    public void The_order_within_a_round_rotates_so_that_no_path_always_goes_first()
    {
        var steps = BenchPlan.For(BenchOptions.Default with { Rounds = 4 });

        var firstPaths = Enumerable.Range(0, 4).Select(round => steps.First(step => step.Phase == BenchPhase.Paths && step.Round == round).Spec.Path);

        firstPaths.Should().OnlyHaveUniqueItems();
    }

    [Test]
    public void Paths_are_measured_with_request_reply_calls_and_loss_with_one_way_posts_through_the_traced_fault_proxy()
    {
        var options = BenchOptions.Default;

        var steps = BenchPlan.For(options);

        steps.Where(step => step.Phase == BenchPhase.Paths).Should().OnlyContain(step =>
            step.Spec.Operation == WorkloadOperation.RequestReply && step.Spec.TotalCalls == options.CallsPerRun && step.Spec.LossRate == 0);
        steps.Where(step => step.Phase == BenchPhase.Loss).Should().OnlyContain(step =>
            step.Spec.Operation == WorkloadOperation.OneWay && step.Spec.Path == BenchPath.FaultProxyTraced
            && step.Spec.Seed == options.Seed + step.Round && step.Spec.TimeLimit == options.LossRunTimeLimit);
        steps.Where(step => step.Phase == BenchPhase.Memory).Should().OnlyContain(step =>
            step.Spec.Sessions == 20 && step.Spec.CallsPerSession == 1_000 && step.Spec.LossRate == 0);
    }

    [Test]
    public void Sizes_that_cannot_run_are_named()
    {
        BenchOptions.Default.Problem().Should().BeNull();
        BenchOptions.Quick.Problem().Should().BeNull();
        (BenchOptions.Default with { Rounds = 0 }).Problem().Should().Contain("rounds");
        (BenchOptions.Default with { CallsPerRun = 1 }).Problem().Should().Contain("one call per session");
        (BenchOptions.Default with { MemorySessions = 5_000 }).Problem().Should().Contain("memory run");
    }

    [Test]
    public void The_cpu_model_is_the_first_model_name_of_proc_cpuinfo()
    {
        const string cpuInfo = "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel\t\t: 85\nmodel name\t: Intel(R) Xeon(R) Processor @ 2.50GHz\nflags\t\t: fpu\n\nprocessor\t: 1\nmodel name\t: Other\n";

        MachineInfo.CpuModelIn(cpuInfo).Should().Be("Intel(R) Xeon(R) Processor @ 2.50GHz");
        MachineInfo.CpuModelIn("processor\t: 0\nCPU implementer\t: 0x41\n").Should().BeNull();
    }
}
