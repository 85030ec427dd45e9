using Bunit;
using Dorixona.Tests.Infrastructure;
using Dorixona.Web.Components.Orders.Parts;

namespace Dorixona.Tests.Components.Orders;

public sealed class FieldMessageTests : ComponentTest
{
    private static readonly Dictionary<string, string> Errors = new() { ["phone"] = "Telefon raqami noto‘g‘ri", ["house"] = "Uy raqamini yozing" };

    [Fact]
    public void Shows_the_message_for_its_own_field_under_the_id_the_input_points_to()
    {
        var cut = Render<FieldMessage>(p => p.Add(x => x.Field, "phone").Add(x => x.Id, "phone-error").Add(x => x.Errors, Errors));

        var message = cut.Find("#phone-error");
        Assert.Equal("Telefon raqami noto‘g‘ri", message.TextContent);
        Assert.Contains("invalid-feedback", message.ClassList);
    }

    [Fact]
    public void A_field_without_an_error_renders_nothing() =>
        Assert.Empty(Render<FieldMessage>(p => p.Add(x => x.Field, "street").Add(x => x.Id, "street-error").Add(x => x.Errors, Errors)).Nodes);
}
