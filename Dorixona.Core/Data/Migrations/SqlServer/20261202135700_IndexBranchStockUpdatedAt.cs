using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Dorixona.Core.Data.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class IndexBranchStockUpdatedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_BranchStock_UpdatedAt",
                table: "BranchStock",
                column: "UpdatedAt");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BranchStock_UpdatedAt",
                table: "BranchStock");
        }
    }
}
