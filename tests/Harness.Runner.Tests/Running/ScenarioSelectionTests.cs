using Harness.Runner.Running;
using Harness.Runner.Scenarios;

namespace Harness.Runner.Tests.Running;

public class ScenarioSelectionTests
{
    private static readonly IReadOnlyList<Scenario> Scenarios =
        [.. new[] { "drop-a", "baseline", "drop-b", "reorder", "delay" }.Select(name => ScenarioLoader.Parse($"name: {name}\ndescription: d\n", name + ".yaml"))];

    [TestCase("drop-*", new[] { "drop-a", "drop-b" })]
    [TestCase("baseline", new[] { "baseline" })]
    [TestCase("drop-?,delay", new[] { "delay", "drop-a", "drop-b" })]
    [TestCase("nothing", new string[0])]
    public void A_filter_keeps_matching_names_sorted(string filter, string[] expected) =>
        ScenarioSelection.Apply(Scenarios, filter, null).Select(scenario => scenario.Name).Should().Equal(expected);

    [Test]
    public void Shards_split_the_selection_into_disjoint_parts_that_cover_it()
    {
        var shards = Enumerable.Range(1, 3).Select(index => ScenarioSelection.Apply(Scenarios, null, new Shard(index, 3)).Select(scenario => scenario.Name).ToList()).ToList();

        shards.SelectMany(names => names).Should().BeEquivalentTo(Scenarios.Select(scenario => scenario.Name)).And.OnlyHaveUniqueItems();
        shards.Should().AllSatisfy(names => names.Count.Should().BeInRange(1, 2), "round-robin keeps shards balanced");
    }

    [TestCase("1/1", 1, 1)]
    [TestCase("2/4", 2, 4)]
    public void A_shard_parses(string text, int index, int count) =>
        Shard.TryParse(text, out _).Should().Be(new Shard(index, count));

    [TestCase("0/2")]
    [TestCase("3/2")]
    [TestCase("1/0")]
    [TestCase("a/b")]
    [TestCase("1")]
    [TestCase("-1/2")]
    public void A_malformed_shard_is_refused_with_a_reason(string text)
    {
        Shard.TryParse(text, out var problem).Should().BeNull();
        problem.Should().Contain(text).And.Contain("i/n");
    }
}
