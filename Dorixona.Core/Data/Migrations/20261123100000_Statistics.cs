using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dorixona.Core.Data.Migrations;

/// <summary>
/// The admin dashboard's per-day aggregates (Tashkent days), the dirty-day marks and the one-row state
/// (docs/decisions/0010). Provider-neutral like the others (docs/decisions/0002).
/// </summary>
[DbContext(typeof(DorixonaDbContext))]
[Migration("20261123100000_Statistics")]
public sealed class StatisticsTables : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "StatsDays",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                Orders = table.Column<int>(nullable: false),
                PaidOrders = table.Column<int>(nullable: false),
                Revenue = table.Column<long>(nullable: false),
                RefundedOrders = table.Column<int>(nullable: false),
                Refunds = table.Column<long>(nullable: false),
                NewCustomers = table.Column<int>(nullable: false),
                PrescriptionsApproved = table.Column<int>(nullable: false),
                PrescriptionsRejected = table.Column<int>(nullable: false),
                AggregatedAt = table.Column<DateTime>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsDays", x => x.Day));

        migrationBuilder.CreateTable(
            name: "StatsOrderStatuses",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                Status = table.Column<string>(maxLength: 32, nullable: false),
                Orders = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsOrderStatuses", x => new { x.Day, x.Status }));

        migrationBuilder.CreateTable(
            name: "StatsPaymentMethods",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                Method = table.Column<string>(maxLength: 16, nullable: false),
                Orders = table.Column<int>(nullable: false),
                PaidOrders = table.Column<int>(nullable: false),
                Revenue = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsPaymentMethods", x => new { x.Day, x.Method }));

        migrationBuilder.CreateTable(
            name: "StatsProducts",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                ProductId = table.Column<int>(nullable: false),
                Units = table.Column<int>(nullable: false),
                Revenue = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsProducts", x => new { x.Day, x.ProductId }));

        migrationBuilder.CreateTable(
            name: "StatsCategories",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                CategoryId = table.Column<int>(nullable: false),
                Units = table.Column<int>(nullable: false),
                Revenue = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsCategories", x => new { x.Day, x.CategoryId }));

        migrationBuilder.CreateTable(
            name: "StatsCouriers",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                CourierId = table.Column<Guid>(nullable: false),
                Delivered = table.Column<int>(nullable: false),
                OnTime = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsCouriers", x => new { x.Day, x.CourierId }));

        migrationBuilder.CreateTable(
            name: "StatsReviewTimes",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                Minutes = table.Column<int>(nullable: false),
                Prescriptions = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsReviewTimes", x => new { x.Day, x.Minutes }));

        migrationBuilder.CreateTable(
            name: "StatsDirtyDays",
            columns: table => new
            {
                Day = table.Column<DateOnly>(nullable: false),
                Version = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsDirtyDays", x => x.Day));

        migrationBuilder.CreateTable(
            name: "StatsState",
            columns: table => new
            {
                Id = table.Column<int>(nullable: false),
                Revision = table.Column<long>(nullable: false),
                PaymentWatermark = table.Column<long>(nullable: false),
            },
            constraints: table => table.PrimaryKey("PK_StatsState", x => x.Id));

        // The live day reads deliveries by when they were delivered and prescriptions by when they were decided.
        migrationBuilder.CreateIndex(name: "IX_Deliveries_State_DeliveredAt", table: "Deliveries", columns: new[] { "State", "DeliveredAt" });
        migrationBuilder.CreateIndex(name: "IX_Prescriptions_DecidedAt", table: "Prescriptions", column: "DecidedAt");

        migrationBuilder.Sql("INSERT INTO \"StatsState\" (\"Id\", \"Revision\", \"PaymentWatermark\") VALUES (1, 1, 0)");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropIndex(name: "IX_Prescriptions_DecidedAt", table: "Prescriptions");
        migrationBuilder.DropIndex(name: "IX_Deliveries_State_DeliveredAt", table: "Deliveries");
        migrationBuilder.DropTable(name: "StatsState");
        migrationBuilder.DropTable(name: "StatsDirtyDays");
        migrationBuilder.DropTable(name: "StatsReviewTimes");
        migrationBuilder.DropTable(name: "StatsCouriers");
        migrationBuilder.DropTable(name: "StatsCategories");
        migrationBuilder.DropTable(name: "StatsProducts");
        migrationBuilder.DropTable(name: "StatsPaymentMethods");
        migrationBuilder.DropTable(name: "StatsOrderStatuses");
        migrationBuilder.DropTable(name: "StatsDays");
    }
}
