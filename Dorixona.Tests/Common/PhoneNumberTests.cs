using Dorixona.Core.Common;

namespace Dorixona.Tests.Common;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+998 90 123-45-67")]
    [InlineData("998901234567")]
    [InlineData("90 123 45 67")]
    [InlineData("8 90 123 45 67")]
    [InlineData("(90) 1234567")]
    [InlineData("  +998 (90) 123.45.67  ")]
    public void The_ways_people_write_a_number_all_become_one_identity(string written) =>
        Assert.Equal("+998901234567", PhoneNumber.Normalize(written));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("+998 90 12E 45 67")]
    [InlineData("nine-oh-one")]
    [InlineData("90 123 45 6")]
    [InlineData("+998 90 123 45 6")]
    [InlineData("+998 90 123 45 678")]
    [InlineData("998 90 123 45 67 8")]
    [InlineData("+7 912 345 67 89")]
    [InlineData("+44 7911 123456")]
    [InlineData("+1 202 555 0143")]
    [InlineData("+998 00 123 45 67")]
    [InlineData("90 123 + 45 67")]
    public void Numbers_that_are_not_Uzbek_mobiles_are_refused(string? written) =>
        Assert.Null(PhoneNumber.Normalize(written));

    [Fact]
    public void A_stored_number_is_shown_in_groups() =>
        Assert.Equal("+998 90 123 45 67", PhoneNumber.Format("+998901234567"));

    [Fact]
    public void Whatever_was_typed_is_shown_the_same_way_once_normalised() =>
        Assert.Equal("+998 93 555 00 11", PhoneNumber.Format(PhoneNumber.Normalize("8 (93) 555-00-11")));
}
