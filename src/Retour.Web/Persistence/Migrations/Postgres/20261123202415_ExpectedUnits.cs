using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ExpectedUnits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Returns_Status_RequestedAt_Number",
                table: "Returns");

            migrationBuilder.AddColumn<int>(
                name: "ExpectedUnits",
                table: "Returns",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Returns already partly received keep their place in the queues.
            migrationBuilder.Sql("""UPDATE "Returns" SET "ExpectedUnits" = COALESCE((SELECT SUM(GREATEST(0, l."ApprovedQuantity" - l."ReceivedQuantity")) FROM "ReturnLine" l WHERE l."ReturnCaseId" = "Returns"."Id"), 0)""");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Status_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "Status", "RequestedAt", "Number" })
                .Annotation("Npgsql:IndexInclude", new[] { "Id", "ExpectedUnits" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Returns_Status_RequestedAt_Number",
                table: "Returns");

            migrationBuilder.DropColumn(
                name: "ExpectedUnits",
                table: "Returns");

            migrationBuilder.CreateIndex(
                name: "IX_Returns_Status_RequestedAt_Number",
                table: "Returns",
                columns: new[] { "Status", "RequestedAt", "Number" })
                .Annotation("Npgsql:IndexInclude", new[] { "Id" });
        }
    }
}
