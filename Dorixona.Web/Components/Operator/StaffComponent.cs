using Dorixona.Core.Orders;
using Dorixona.Web.Components.Orders;
using Dorixona.Web.Components.Shared;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace Dorixona.Web.Components.Operator;

/// <summary>An operator-portal component that acts as the signed-in staff member: their id and the actor the history records.</summary>
public abstract class StaffComponent : LiveComponent
{
    [CascadingParameter] private Task<AuthenticationState> AuthState { get; set; } = default!;

    protected async Task<(Guid Id, OrderActor Actor)> StaffAsync()
    {
        var user = (await AuthState).User;
        return (user.UserId(), OrderText.StaffActor(user));
    }
}
