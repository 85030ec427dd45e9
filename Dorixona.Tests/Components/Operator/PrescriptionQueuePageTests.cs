using Bunit;
using Dorixona.Core.Common;
using Dorixona.Core.Identity;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Operator;

namespace Dorixona.Tests.Components.Operator;

public sealed class PrescriptionQueuePageTests(SqliteDatabase database) : OperatorPortalTest(database)
{
    [Fact]
    public async Task The_queue_lists_pending_prescriptions_with_the_customer_and_a_link_to_review()
    {
        var customer = await CustomerAsync();
        var rx = await UploadAsync(customer.Id);

        var page = RenderPage<PrescriptionQueuePage>();

        page.WaitForAssertion(() =>
        {
            var row = page.Find($"tr.dx-rx-{rx}");
            Assert.Contains(PhoneNumber.Format(customer.PhoneNumber!), row.TextContent);
            Assert.NotNull(row.QuerySelector($"a[href='/operator/prescriptions/{rx}']"));
        }, TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(Roles.Courier)]
    [InlineData(Roles.Admin)]
    public async Task Others_than_operators_are_refused_the_queue(string role)
    {
        await SignInStaffAsync(role);

        var page = RenderPage<PrescriptionQueuePage>();

        Assert.NotNull(page.Find($"#{NotAuthorizedMarker}"));
    }

    [Fact]
    public async Task An_upload_while_the_queue_is_open_appears_without_a_reload()
    {
        var page = RenderPage<PrescriptionQueuePage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid=rx-queue]")));

        var rx = await UploadAsync((await CustomerAsync()).Id);

        page.WaitForAssertion(() => Assert.NotNull(page.Find($"tr.dx-rx-{rx}")), TimeSpan.FromSeconds(5));
    }
}
