using Harness.Runner.Shrinking;

namespace Harness.Runner.Tests.Shrinking;

public class DeltaDebuggingTests
{
    [Test]
    public async Task Two_faults_that_fail_only_together_are_all_that_is_left_of_thirty()
    {
        var input = Enumerable.Range(1, 30).ToList();
        var asked = 0;

        var result = await DeltaDebugging.MinimizeAsync<int>(
            input, (candidate, _) => Task.FromResult(++asked > 0 && candidate.Contains(3) && candidate.Contains(17)), CancellationToken.None);

        result.Should().Equal(3, 17);
        asked.Should().BeLessThan(100, "ddmin halves before it goes element by element");
    }

    [Test]
    public async Task A_failure_that_needs_no_fault_shrinks_to_none()
    {
        var result = await DeltaDebugging.MinimizeAsync<int>([1, 2, 3, 4, 5], (_, _) => Task.FromResult(true), CancellationToken.None);

        result.Should().BeEmpty();
    }

    [Test]
    public async Task When_the_budget_runs_out_the_smallest_failing_set_so_far_is_kept()
    {
        var input = Enumerable.Range(1, 40).ToList();
        var budget = 3;

        var result = await DeltaDebugging.MinimizeAsync<int>(
            input, (candidate, _) => Task.FromResult(budget-- > 0 && candidate.Contains(7)), CancellationToken.None);

        result.Should().Contain(7).And.HaveCountLessThan(input.Count);
    }
}
