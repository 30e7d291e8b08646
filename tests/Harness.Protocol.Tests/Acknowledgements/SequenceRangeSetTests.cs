using Harness.Protocol.Acknowledgements;

namespace Harness.Protocol.Tests.Acknowledgements;

public class SequenceRangeSetTests
{
    [Test]
    public void Adding_numbers_in_any_order_merges_them_into_compact_ranges()
    {
        var set = new SequenceRangeSet();
        foreach (var n in new long[] { 5, 1, 3, 2, 9, 4, 11, 10 })
        {
            set.Add(n).Should().BeTrue($"{n} is new");
        }

        set.Should().Equal(new SequenceRange(1, 5), new SequenceRange(9, 11));
        set.ToString().Should().Be("1-5,9-11");
        set.TotalCount.Should().Be(8);
        set.Highest.Should().Be(11);
        set.ContiguousFromOne.Should().Be(5);
    }

    [Test]
    public void Adding_a_number_twice_reports_the_duplicate()
    {
        var set = new SequenceRangeSet();
        set.Add(7).Should().BeTrue();
        set.Add(7).Should().BeFalse();
        set.Add(new SequenceRange(6, 8)).Should().BeTrue("6 and 8 are new");
        set.Add(new SequenceRange(6, 8)).Should().BeFalse();
        set.Should().Equal(new SequenceRange(6, 8));
    }

    [Test]
    public void A_range_bridging_several_ranges_absorbs_them()
    {
        var set = new SequenceRangeSet([new SequenceRange(1, 2), new SequenceRange(5, 5), new SequenceRange(8, 9), new SequenceRange(20, 21)]);

        set.Add(new SequenceRange(3, 8)).Should().BeTrue();

        set.Should().Equal(new SequenceRange(1, 9), new SequenceRange(20, 21));
    }

    [Test]
    public void Contains_and_ContainsAll_answer_per_number_and_per_range()
    {
        var set = new SequenceRangeSet([new SequenceRange(1, 3), new SequenceRange(7, 9)]);

        set.Contains(1).Should().BeTrue();
        set.Contains(3).Should().BeTrue();
        set.Contains(4).Should().BeFalse();
        set.Contains(8).Should().BeTrue();
        set.Contains(10).Should().BeFalse();
        set.ContainsAll(new SequenceRange(7, 9)).Should().BeTrue();
        set.ContainsAll(new SequenceRange(3, 7)).Should().BeFalse();
    }

    [Test]
    public void Gaps_lists_what_is_missing_up_to_a_bound()
    {
        var set = new SequenceRangeSet([new SequenceRange(2, 3), new SequenceRange(6, 6)]);

        set.Gaps(8).Should().Equal(new SequenceRange(1, 1), new SequenceRange(4, 5), new SequenceRange(7, 8));
        set.Gaps(5).Should().Equal(new SequenceRange(1, 1), new SequenceRange(4, 5));
        set.MissingNumbers(8).Should().Equal(1, 4, 5, 7, 8);
        new SequenceRangeSet().Gaps(3).Should().Equal(new SequenceRange(1, 3));
        new SequenceRangeSet([new SequenceRange(1, 4)]).Gaps(4).Should().BeEmpty();
    }

    [Test]
    public void Overlapping_ranges_from_a_peer_are_rejected()
    {
        SequenceRangeSet.TryFromDisjoint([new SequenceRange(1, 5), new SequenceRange(5, 7)], out _, out var problem).Should().BeFalse();
        problem.Should().Contain("overlap");

        SequenceRangeSet.TryFromDisjoint([new SequenceRange(4, 5), new SequenceRange(1, 3)], out var set, out _).Should().BeTrue();
        set.Should().Equal(new SequenceRange(1, 5));
    }

    [Test]
    public void Invalid_ranges_cannot_be_built()
    {
        var zero = () => new SequenceRange(0, 3);
        var backwards = () => new SequenceRange(5, 4);

        zero.Should().Throw<ArgumentOutOfRangeException>();
        backwards.Should().Throw<ArgumentOutOfRangeException>();
    }

    [Test]
    public void The_largest_message_number_does_not_overflow()
    {
        var set = new SequenceRangeSet();
        set.Add(long.MaxValue).Should().BeTrue();
        set.Add(long.MaxValue - 1).Should().BeTrue();

        set.Should().Equal(new SequenceRange(long.MaxValue - 1, long.MaxValue));
        set.Gaps(long.MaxValue).Should().Equal(new SequenceRange(1, long.MaxValue - 2));
    }

    [Test]
    public void Subset_and_union_follow_the_numbers()
    {
        var small = new SequenceRangeSet([new SequenceRange(2, 3)]);
        var large = new SequenceRangeSet([new SequenceRange(1, 5)]);

        small.IsSubsetOf(large).Should().BeTrue();
        large.IsSubsetOf(small).Should().BeFalse();

        small.UnionWith([new SequenceRange(10, 12)]);
        small.ToString().Should().Be("2-3,10-12");
    }

    [Test]
    public void Random_additions_agree_with_a_plain_set_of_numbers([Values(1, 2, 3, 4, 5)] int seed)
    {
        var random = new Random(seed);
        var set = new SequenceRangeSet();
        var reference = new HashSet<long>();

        for (var i = 0; i < 2_000; i++)
        {
            var lower = random.Next(1, 400);
            var upper = lower + random.Next(0, 4);
            var added = set.Add(new SequenceRange(lower, upper));
            var referenceAdded = false;
            for (long n = lower; n <= upper; n++)
            {
                referenceAdded |= reference.Add(n);
            }

            added.Should().Be(referenceAdded);
        }

        for (long n = 1; n <= 405; n++)
        {
            set.Contains(n).Should().Be(reference.Contains(n), $"number {n}");
        }

        set.TotalCount.Should().Be(reference.Count);
        for (var i = 1; i < set.Count; i++)
        {
            set[i].Lower.Should().BeGreaterThan(set[i - 1].Upper + 1, "ranges stay disjoint and non-adjacent");
        }
    }

    [Test]
    public void Missing_numbers_up_to_the_maximum_stop_at_the_maximum()
    {
        var set = new SequenceRangeSet();
        set.Add(new SequenceRange(1, long.MaxValue - 3));

        // Take bounds the enumeration: one that wrapped past the maximum would yield negative numbers for ever.
        set.MissingNumbers(long.MaxValue).Take(10).Should().Equal(long.MaxValue - 2, long.MaxValue - 1, long.MaxValue);
    }
}
