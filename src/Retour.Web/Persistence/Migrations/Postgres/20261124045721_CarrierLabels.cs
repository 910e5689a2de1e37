using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Retour.Web.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CarrierLabels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CountryOfOrigin",
                table: "OrderLine",
                type: "character varying(2)",
                maxLength: 2,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "HsCode",
                table: "OrderLine",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "ShippingLabels",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<int>(type: "integer", nullable: false),
                    Carrier = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    TrackingNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Cost = table.Column<decimal>(type: "numeric(19,4)", precision: 19, scale: 4, nullable: false),
                    CostCurrency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    VoidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    VoidReason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    DropOffCode = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    Customs = table.Column<string>(type: "text", nullable: true),
                    PickupDate = table.Column<DateOnly>(type: "date", nullable: true),
                    PickupFrom = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    PickupTo = table.Column<TimeOnly>(type: "time without time zone", nullable: true),
                    PickupReference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    ReturnCaseId = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ShippingLabels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ShippingLabels_Returns_ReturnCaseId",
                        column: x => x.ReturnCaseId,
                        principalTable: "Returns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "TrackingNumberCounters",
                columns: table => new
                {
                    Range = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Next = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_TrackingNumberCounters", x => x.Range);
                });

            migrationBuilder.CreateTable(
                name: "LabelDocuments",
                columns: table => new
                {
                    LabelId = table.Column<Guid>(type: "uuid", nullable: false),
                    ReturnCaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LabelDocuments", x => x.LabelId);
                    table.ForeignKey(
                        name: "FK_LabelDocuments_ShippingLabels_LabelId",
                        column: x => x.LabelId,
                        principalTable: "ShippingLabels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_LabelDocuments_ReturnCaseId",
                table: "LabelDocuments",
                column: "ReturnCaseId");

            migrationBuilder.CreateIndex(
                name: "IX_ShippingLabels_Carrier_TrackingNumber",
                table: "ShippingLabels",
                columns: new[] { "Carrier", "TrackingNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ShippingLabels_ReturnCaseId",
                table: "ShippingLabels",
                column: "ReturnCaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LabelDocuments");

            migrationBuilder.DropTable(
                name: "TrackingNumberCounters");

            migrationBuilder.DropTable(
                name: "ShippingLabels");

            migrationBuilder.DropColumn(
                name: "CountryOfOrigin",
                table: "OrderLine");

            migrationBuilder.DropColumn(
                name: "HsCode",
                table: "OrderLine");
        }
    }
}
