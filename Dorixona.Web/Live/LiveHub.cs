using Dorixona.Core.Common;
using Dorixona.Core.Data;
using Dorixona.Core.Identity;
using Dorixona.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Dorixona.Web.Live;

/// <summary>
/// The live bus for API clients and the pages' script, at <c>/hubs/live</c>: one socket per open page. A connection joins
/// its user's group and its role's group; pages that show one order join that group too once the server confirms the
/// caller may see it. <see cref="LiveBus"/> sends every message here as ("live", eventName, payload).
/// </summary>
[Authorize]
public sealed class LiveHub(Operation<DorixonaDbContext> database) : Hub
{
    public override async Task OnConnectedAsync()
    {
        var user = Context.User!;
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.User(user.UserId()));
        if (user.IsInRole(Roles.Operator)) await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Operators);
        if (user.IsInRole(Roles.Courier)) await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Couriers);
        if (user.IsInRole(Roles.Admin)) await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Admins);
        await base.OnConnectedAsync();
    }

    /// <summary>An order page asks for that order's events; only its customer or staff may listen.</summary>
    public async Task<bool> JoinOrder(long orderId)
    {
        var user = Context.User!;
        if (!user.IsInRole(Roles.Operator) && !user.IsInRole(Roles.Admin))
        {
            var userId = user.UserId();
            if (!await database.RunAsync(db => db.Orders.AnyAsync(o => o.Id == orderId && o.UserId == userId))) return false;
        }
        await Groups.AddToGroupAsync(Context.ConnectionId, LiveGroups.Order(orderId));
        return true;
    }
}
