// https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration
// generated from terraform resource schema

import { Construct } from 'constructs';
import * as cdktf from 'cdktf';

// Configuration

export interface CtsConfigurationConfig extends cdktf.TerraformMetaArguments {
  /**
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration#id CtsConfiguration#id}
  *
  * Please be aware that the id field is automatically added to all resources in Terraform providers using a Terraform provider SDK version below 2.
  * If you experience problems setting this value it might not be settable. Please take a look at the provider documentation to ensure it should be settable.
  */
  readonly id?: string;
  /**
  * Whether to enable the reporting of read-only audit logs for all cloud services.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration#is_support_read_only CtsConfiguration#is_support_read_only}
  */
  readonly isSupportReadOnly: boolean | cdktf.IResolvable;
  /**
  * Whether to synchronize global service logs from the central region.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration#is_sync_global_trace CtsConfiguration#is_sync_global_trace}
  */
  readonly isSyncGlobalTrace: boolean | cdktf.IResolvable;
  /**
  * The region in which to manage the CTS configuration.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration#region CtsConfiguration#region}
  */
  readonly region?: string;
  /**
  * Cloud services that enable read-only audit logs.
  *
  * Docs at Terraform Registry: {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration#support_read_only_services CtsConfiguration#support_read_only_services}
  */
  readonly supportReadOnlyServices?: string[];
}

/**
* Represents a {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration huaweicloud_cts_configuration}
*/
export class CtsConfiguration extends cdktf.TerraformResource {

  // =================
  // STATIC PROPERTIES
  // =================
  public static readonly tfResourceType = "huaweicloud_cts_configuration";

  // ==============
  // STATIC Methods
  // ==============
  /**
  * Generates CDKTF code for importing a CtsConfiguration resource upon running "cdktf plan <stack-name>"
  * @param scope The scope in which to define this construct
  * @param importToId The construct id used in the generated config for the CtsConfiguration to import
  * @param importFromId The id of the existing CtsConfiguration that should be imported. Refer to the {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration#import import section} in the documentation of this resource for the id to use
  * @param provider? Optional instance of the provider where the CtsConfiguration to import is found
  */
  public static generateConfigForImport(scope: Construct, importToId: string, importFromId: string, provider?: cdktf.TerraformProvider) {
        return new cdktf.ImportableResource(scope, importToId, { terraformResourceType: "huaweicloud_cts_configuration", importId: importFromId, provider });
      }

  // ===========
  // INITIALIZER
  // ===========

  /**
  * Create a new {@link https://registry.terraform.io/providers/huaweicloud/huaweicloud/1.97.1/docs/resources/cts_configuration huaweicloud_cts_configuration} Resource
  *
  * @param scope The scope in which to define this construct
  * @param id The scoped construct ID. Must be unique amongst siblings in the same scope
  * @param options CtsConfigurationConfig
  */
  public constructor(scope: Construct, id: string, config: CtsConfigurationConfig) {
    super(scope, id, {
      terraformResourceType: 'huaweicloud_cts_configuration',
      terraformGeneratorMetadata: {
        providerName: 'huaweicloud',
        providerVersion: '1.97.1',
        providerVersionConstraint: '1.97.1'
      },
      provider: config.provider,
      dependsOn: config.dependsOn,
      count: config.count,
      lifecycle: config.lifecycle,
      provisioners: config.provisioners,
      connection: config.connection,
      forEach: config.forEach
    });
    this._id = config.id;
    this._isSupportReadOnly = config.isSupportReadOnly;
    this._isSyncGlobalTrace = config.isSyncGlobalTrace;
    this._region = config.region;
    this._supportReadOnlyServices = config.supportReadOnlyServices;
  }

  // ==========
  // ATTRIBUTES
  // ==========

  // id - computed: true, optional: true, required: false
  private _id?: string; 
  public get id() {
    return this.getStringAttribute('id');
  }
  public set id(value: string) {
    this._id = value;
  }
  public resetId() {
    this._id = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get idInput() {
    return this._id;
  }

  // is_support_read_only - computed: false, optional: false, required: true
  private _isSupportReadOnly?: boolean | cdktf.IResolvable; 
  public get isSupportReadOnly() {
    return this.getBooleanAttribute('is_support_read_only');
  }
  public set isSupportReadOnly(value: boolean | cdktf.IResolvable) {
    this._isSupportReadOnly = value;
  }
  // Temporarily expose input value. Use with caution.
  public get isSupportReadOnlyInput() {
    return this._isSupportReadOnly;
  }

  // is_sync_global_trace - computed: false, optional: false, required: true
  private _isSyncGlobalTrace?: boolean | cdktf.IResolvable; 
  public get isSyncGlobalTrace() {
    return this.getBooleanAttribute('is_sync_global_trace');
  }
  public set isSyncGlobalTrace(value: boolean | cdktf.IResolvable) {
    this._isSyncGlobalTrace = value;
  }
  // Temporarily expose input value. Use with caution.
  public get isSyncGlobalTraceInput() {
    return this._isSyncGlobalTrace;
  }

  // region - computed: true, optional: true, required: false
  private _region?: string; 
  public get region() {
    return this.getStringAttribute('region');
  }
  public set region(value: string) {
    this._region = value;
  }
  public resetRegion() {
    this._region = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get regionInput() {
    return this._region;
  }

  // support_read_only_services - computed: false, optional: true, required: false
  private _supportReadOnlyServices?: string[]; 
  public get supportReadOnlyServices() {
    return this.getListAttribute('support_read_only_services');
  }
  public set supportReadOnlyServices(value: string[]) {
    this._supportReadOnlyServices = value;
  }
  public resetSupportReadOnlyServices() {
    this._supportReadOnlyServices = undefined;
  }
  // Temporarily expose input value. Use with caution.
  public get supportReadOnlyServicesInput() {
    return this._supportReadOnlyServices;
  }

  // =========
  // SYNTHESIS
  // =========

  protected synthesizeAttributes(): { [name: string]: any } {
    return {
      id: cdktf.stringToTerraform(this._id),
      is_support_read_only: cdktf.booleanToTerraform(this._isSupportReadOnly),
      is_sync_global_trace: cdktf.booleanToTerraform(this._isSyncGlobalTrace),
      region: cdktf.stringToTerraform(this._region),
      support_read_only_services: cdktf.listMapper(cdktf.stringToTerraform, false)(this._supportReadOnlyServices),
    };
  }

  protected synthesizeHclAttributes(): { [name: string]: any } {
    const attrs = {
      id: {
        value: cdktf.stringToHclTerraform(this._id),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      is_support_read_only: {
        value: cdktf.booleanToHclTerraform(this._isSupportReadOnly),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      is_sync_global_trace: {
        value: cdktf.booleanToHclTerraform(this._isSyncGlobalTrace),
        isBlock: false,
        type: "simple",
        storageClassType: "boolean",
      },
      region: {
        value: cdktf.stringToHclTerraform(this._region),
        isBlock: false,
        type: "simple",
        storageClassType: "string",
      },
      support_read_only_services: {
        value: cdktf.listMapperHcl(cdktf.stringToHclTerraform, false)(this._supportReadOnlyServices),
        isBlock: false,
        type: "list",
        storageClassType: "stringList",
      },
    };

    // remove undefined attributes
    return Object.fromEntries(Object.entries(attrs).filter(([_, value]) => value !== undefined && value.value !== undefined ))
  }
}
