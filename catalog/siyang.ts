import { defineCatalog } from './defineCatalog.js';

// Declared apart from `siyangCatalog` so that its type has a name (`SiyangCatalog`) in editors and
// the API reference instead of the whole catalog spelled out as a literal type.
const siyangCatalogDefinition = defineCatalog({
  name: '泗阳县',
  roles: { commandCenter: 'command-center', legalReview: 'justice' },
  units: [
    // 附件2 综合指挥调度中心: dispatches, aggregates and archives (统一调度、汇总存档).
    { id: 'command-center', name: '综合指挥调度中心', kind: 'department' },
    // 附件2 司法局: business guidance and legal review (法制审核); the flowchart's 县法制审核部门.
    { id: 'justice', name: '司法局', aliases: ['法制审核部门'], kind: 'department' },
    { id: 'market-regulation', name: '市场监管局', aliases: ['市场监督管理局'], kind: 'department' },
    { id: 'agriculture-rural', name: '农业农村局', kind: 'department' },
    { id: 'urban-management', name: '城管局', aliases: ['城市管理局'], kind: 'department' },
    { id: 'transport', name: '交运局', aliases: ['交通运输局'], kind: 'department' },
    { id: 'housing-construction', name: '住建局', aliases: ['住房和城乡建设局'], kind: 'department' },
    // Acts as 民宗局 (ethnic and religious affairs) on items 21–22.
    { id: 'united-front', name: '统战部', aliases: ['民宗局', '民族宗教事务局'], kind: 'partyOrgan' },
    { id: 'education', name: '教育局', kind: 'department' },
    { id: 'human-resources-social-security', name: '人社局', aliases: ['人力资源和社会保障局'], kind: 'department' },
    { id: 'culture-tourism', name: '文广旅局', aliases: ['文化广电和旅游局'], kind: 'department' },
    { id: 'commerce', name: '商务局', kind: 'department' },
    { id: 'health', name: '卫健局', aliases: ['卫生健康局'], kind: 'department' },
    { id: 'water-resources', name: '水利局', kind: 'department' },
    { id: 'civil-affairs', name: '民政局', kind: 'department' },
    { id: 'industry-information', name: '工信局', aliases: ['工业和信息化局'], kind: 'department' },
    { id: 'development-reform', name: '发改局', aliases: ['发展和改革局'], kind: 'department' },
    { id: 'public-security', name: '公安局', kind: 'department' },
    { id: 'emergency-management', name: '应急管理局', kind: 'department' },
    { id: 'ecology-environment', name: '生态环境局', kind: 'department' },
    // Acts as 林业局 (forestry) on item 38.
    { id: 'natural-resources-planning', name: '资规局', aliases: ['自然资源和规划局', '林业局'], kind: 'department' },
    // 垂直管理 (run by the national fire and rescue service, not the county): leads item 39.
    { id: 'fire-rescue', name: '消防救援大队', kind: 'department', verticallyManaged: true },
    { id: 'peoples-bank', name: '人民银行', aliases: ['中国人民银行'], kind: 'department', verticallyManaged: true },
    { id: 'supply-marketing-cooperative', name: '供销总社', aliases: ['供销合作总社'], kind: 'department' },
    // Acts as 网信办 (item 38) and 新闻出版局 (item 28).
    { id: 'publicity', name: '宣传部', aliases: ['网信办', '新闻出版局'], kind: 'partyOrgan' },
    { id: 'procuratorate', name: '检察院', aliases: ['人民检察院'], kind: 'judicialOrgan' },
    { id: 'court', name: '法院', aliases: ['人民法院'], kind: 'judicialOrgan' },
    { id: 'meteorology', name: '气象局', kind: 'department', verticallyManaged: true },
    { id: 'power-supply', name: '供电公司', kind: 'enterprise' },
    { id: 'zhongxing-subdistrict', name: '众兴街道', kind: 'subDistrict' },
    // The sub-district (街道) where the enforcement happens (item 11).
    { id: 'local-subdistrict', name: '属地街道', kind: 'locality', resolvesTo: ['subDistrict'] },
    // The township or sub-district where the enforcement happens (items 16, 19, 20).
    { id: 'local-township-or-subdistrict', name: '属地乡镇（街道）', kind: 'locality' },
  ],
  items: [
    {
      no: 1,
      id: 'farmers-market-safety',
      name: '农贸市场安全方面的综合执法',
      lead: 'market-regulation',
      cooperating: ['fire-rescue', 'public-security', 'emergency-management', 'urban-management', 'health', 'agriculture-rural', 'commerce'],
    },
    {
      no: 2,
      id: 'school-canteen',
      name: '对学校食堂违法行为进行专项执法',
      lead: 'market-regulation',
      cooperating: ['education'],
    },
    {
      no: 3,
      id: 'refined-oil-market',
      name: '成品油市场违法行为进行联合执法',
      lead: 'market-regulation',
      cooperating: ['commerce', 'urban-management', 'public-security', 'transport', 'emergency-management'],
    },
    {
      no: 4,
      id: 'special-equipment-market-safety',
      name: '特种设备和综合市场安全方面的联合执法',
      lead: 'market-regulation',
      cooperating: ['industry-information', 'housing-construction', 'emergency-management', 'commerce'],
    },
    {
      no: 5,
      id: 'prepaid-card',
      name: '预付卡违法行为的专项执法',
      lead: 'market-regulation',
      cooperating: ['commerce', 'peoples-bank', 'development-reform', 'education', 'culture-tourism'],
    },
    {
      no: 6,
      id: 'counterfeit-farm-inputs',
      name: '农资打假专项治理行动执法',
      lead: 'agriculture-rural',
      cooperating: ['public-security', 'market-regulation', 'supply-marketing-cooperative'],
    },
    {
      no: 7,
      id: 'fishery',
      name: '渔业违法行为专项执法',
      lead: 'agriculture-rural',
      cooperating: ['public-security', 'market-regulation'],
    },
    {
      no: 8,
      id: 'illegal-slaughter-transport',
      name: '猪牛羊私屠滥宰及违规调运专项执法',
      lead: 'agriculture-rural',
      cooperating: ['public-security', 'market-regulation', 'transport', 'commerce'],
    },
    {
      no: 9,
      id: 'farm-machinery-safety',
      name: '农业机械安全方面的联合执法',
      lead: 'agriculture-rural',
      cooperating: ['public-security', 'transport'],
    },
    {
      no: 10,
      id: 'hongze-lake-fishing-ban',
      name: '洪泽湖水域禁捕执法，联合打击非法捕捞专项行动',
      lead: 'agriculture-rural',
      cooperating: ['public-security', 'transport', 'market-regulation'],
    },
    {
      no: 11,
      id: 'illegal-building-demolition',
      name: '违章建筑拆除联合执法',
      lead: 'urban-management',
      cooperating: ['housing-construction', 'natural-resources-planning', 'local-subdistrict'],
    },
    {
      no: 12,
      id: 'road-occupation-excavation',
      name: '占道、挖掘（顶管）城市道路联合执法',
      lead: 'urban-management',
      cooperating: ['natural-resources-planning', 'housing-construction'],
    },
    {
      no: 13,
      id: 'residential-community',
      name: '居民小区联合执法',
      lead: 'urban-management',
      cooperating: ['housing-construction', 'market-regulation', 'natural-resources-planning', 'ecology-environment', 'public-security', 'fire-rescue', 'zhongxing-subdistrict'],
    },
    {
      no: 14,
      id: 'greenery-damage',
      name: '破坏绿化联合执法',
      lead: 'urban-management',
      cooperating: ['housing-construction', 'public-security', 'natural-resources-planning'],
    },
    {
      no: 15,
      id: 'illegal-passenger-transport',
      name: '非法营运整治执法',
      lead: 'transport',
      cooperating: ['public-security'],
    },
    {
      no: 16,
      id: 'illegal-river-wharves',
      name: '内河非法码头整治执法',
      lead: 'transport',
      cooperating: ['public-security', 'water-resources', 'ecology-environment', 'power-supply', 'local-township-or-subdistrict'],
    },
    {
      no: 17,
      id: 'shipping-transport-safety',
      name: '船舶修造行业、交通运输（超载超限）及港口危险化学品、水上交通运输、铁路运输安全方面的联合执法',
      lead: 'transport',
      cooperating: ['public-security', 'development-reform', 'industry-information', 'emergency-management'],
      openEnded: true,
    },
    {
      no: 18,
      id: 'real-estate-agencies',
      name: '房地产经纪机构违法行为专项执法',
      lead: 'housing-construction',
      cooperating: ['market-regulation'],
    },
    {
      no: 19,
      id: 'construction-gas-safety',
      name: '建筑施工、城镇燃气（含加气站、瓶改管）安全方面的联合执法',
      lead: 'housing-construction',
      cooperating: ['market-regulation', 'commerce', 'urban-management', 'fire-rescue', 'local-township-or-subdistrict'],
    },
    {
      no: 20,
      id: 'lpg-market-safety',
      name: '液化气市场安全整治联合执法',
      lead: 'housing-construction',
      cooperating: ['urban-management', 'public-security', 'market-regulation', 'emergency-management', 'transport', 'commerce', 'fire-rescue', 'local-township-or-subdistrict'],
    },
    {
      no: 21,
      id: 'illegal-religious-activities',
      name: '非法宗教活动治理执法（基督教私设聚会点治理等）',
      lead: { unit: 'united-front', as: '民宗局' },
      cooperating: ['publicity', 'public-security', 'housing-construction', 'natural-resources-planning', 'urban-management', 'education', 'civil-affairs', 'culture-tourism', 'justice', 'market-regulation'],
    },
    {
      no: 22,
      id: 'religious-venue-safety',
      name: '寺庙等宗教场所安全方面的联合执法',
      lead: { unit: 'united-front', as: '民宗局' },
      cooperating: ['market-regulation', 'fire-rescue'],
    },
    {
      no: 23,
      id: 'unlicensed-kindergartens-training',
      name: '全县无证幼儿园、无证校外培训机构治理执法',
      lead: 'education',
      cooperating: ['health', 'housing-construction', 'emergency-management', 'public-security', 'market-regulation'],
    },
    {
      no: 24,
      id: 'campus-school-bus-safety',
      name: '校园（含幼教机构等）和校车安全方面的联合执法',
      lead: 'education',
      cooperating: ['public-security', 'transport', 'market-regulation', 'urban-management', 'fire-rescue'],
    },
    {
      no: 25,
      id: 'migrant-worker-wages',
      name: '根治拖欠农民工工资专项行动执法',
      lead: 'human-resources-social-security',
      cooperating: ['housing-construction', 'transport', 'water-resources'],
    },
    {
      no: 26,
      id: 'minors-employment-entertainment',
      name: '娱乐场所等违法招用未成年人专项行动执法',
      lead: 'human-resources-social-security',
      cooperating: ['public-security', 'culture-tourism', 'market-regulation', 'procuratorate'],
    },
    {
      no: 27,
      id: 'culture-tourism-safety',
      name: '文化和旅游行业安全方面的联合执法',
      lead: 'culture-tourism',
      cooperating: ['market-regulation', 'public-security', 'transport', 'fire-rescue'],
    },
    {
      no: 28,
      id: 'anti-pornography-illegal-publications',
      name: '“扫黄打非”联合执法',
      lead: 'culture-tourism',
      cooperating: [{ unit: 'publicity', as: '新闻出版局' }, 'public-security', 'court', 'procuratorate'],
    },
    {
      no: 29,
      id: 'mall-supermarket-safety',
      name: '大型商场、超市安全方面的联合执法',
      lead: 'commerce',
      cooperating: ['market-regulation', 'emergency-management', 'meteorology', 'fire-rescue'],
    },
    {
      no: 30,
      id: 'illegal-medical-practice',
      name: '打击非法行医联合执法',
      lead: 'health',
      cooperating: ['public-security', 'market-regulation', 'urban-management'],
    },
    {
      no: 31,
      id: 'illegal-sand-mining',
      name: '巡查洪泽湖、淮沭河等骨干河道非法采砂活动的联合执法',
      lead: 'water-resources',
      cooperating: ['public-security', 'transport', 'natural-resources-planning'],
    },
    {
      no: 32,
      id: 'social-service-institution-safety',
      name: '养老等社会服务机构安全方面的联合执法',
      lead: 'civil-affairs',
      cooperating: ['market-regulation', 'fire-rescue'],
    },
    {
      no: 33,
      id: 'chemical-industry-safety',
      name: '化工行业领域安全方面的联合执法',
      lead: 'industry-information',
      cooperating: ['emergency-management', 'ecology-environment', 'market-regulation', 'fire-rescue'],
    },
    {
      no: 34,
      id: 'pipeline-power-safety',
      name: '油气输送管道、电力安全方面的联合执法',
      lead: 'development-reform',
      cooperating: ['emergency-management', 'public-security', 'power-supply'],
    },
    {
      no: 35,
      id: 'road-traffic-group-rental-safety',
      name: '道路交通、群租房（含城乡结合部）安全方面的联合执法',
      lead: 'public-security',
      cooperating: ['transport', 'housing-construction', 'fire-rescue'],
    },
    {
      no: 36,
      id: 'hazardous-chemicals-industry-dust-safety',
      name: '危险化学品、冶金工矿、木材加工（粉尘涉爆）安全方面的联合执法',
      lead: 'emergency-management',
      cooperating: ['industry-information', 'market-regulation', 'ecology-environment', 'fire-rescue'],
    },
    {
      no: 37,
      id: 'hazardous-solid-waste-safety',
      name: '危废固废安全方面的联合执法',
      lead: 'ecology-environment',
      cooperating: ['industry-information', 'market-regulation', 'emergency-management'],
    },
    {
      no: 38,
      id: 'underground-pipes-forest-fire-geohazard-safety',
      name: '城市地下管网、森林防火和地质灾害安全方面的联合执法',
      lead: { unit: 'natural-resources-planning', as: '林业局' },
      cooperating: ['housing-construction', 'water-resources', 'development-reform', 'emergency-management', { unit: 'publicity', as: '网信办' }],
    },
    {
      no: 39,
      id: 'fire-prevention-safety',
      name: '火灾防控安全方面的联合执法',
      lead: 'fire-rescue',
      cooperating: ['public-security', 'commerce', 'market-regulation', 'emergency-management'],
    },
  ],
  duties: [
    {
      no: 1,
      party: '牵头单位',
      role: 'lead',
      duties: [
        '负责起草联动执法工作方案，明确各联动执法单位职责分工、工作内容、执法方式、步骤、时限和突发事件应急处理预案等具体事项；',
        '定期或者根据需要组织召开联动执法联席会议，统一研究部署联动执法工作有关事项；',
        '加强与各配合单位之间的沟通联系，通报和交流执法工作情况，协调处理联动执法中的争议，研究解决联动执法的新情况和新问题；',
        '按照联动执法工作方案组织联动执法，督促各配合单位依法履行职责，统一发布联动执法信息；',
        '遇到突发事件或其他紧急事件需要开展联动执法行动时，应及时上报县委县政府，审核同意后协调有关配合单位共同组织实施；',
        '负责在执法工作结束后5个工作日内，将执法结果上传至县综合指挥调度平台；',
        '加强对联动执法工作的研讨和总结，推广先进经验做法，不断改进执法合作方式方法，提升联动执法水平。',
      ],
    },
    {
      no: 2,
      party: '配合单位',
      role: 'cooperating',
      duties: [
        '配合单位应当服从牵头单位安排，严格按照法律、法规、规章的要求依法履责；',
        '配合单位应当按照联动执法工作方案的要求，积极配合牵头单位开展联动执法工作，根据需要派出相应数量的行政执法人员参加联动执法，并提供装备、技术等必要的执法保障；',
        '遇到突发事件或者其他紧急事件配合单位先行受理或者查处的执法事项，需要开展联动执法行动时，应当提请牵头单位组织开展联动执法；',
        '在执法工作结束后及时将相关法律文书进行汇总，并将相关情况报牵头单位；',
        '结合联动执法工作，提出完善和加强联动执法的意见建议，配合牵头单位做好联动执法工作的研讨和总结。',
      ],
    },
    { no: 3, party: '司法局', unit: 'justice', duties: ['负责做好联动执法工作的业务指导和法制审核工作。'] },
    { no: 4, party: '综合指挥调度中心', unit: 'command-center', duties: ['负责联动执法工作的统一调度和执法结果的汇总存档。'] },
    {
      no: 5,
      party: '相关执法机关',
      role: 'enforcementAgencies',
      duties: [
        '各相关单位应在县政府领导下开展联动执法活动，参与联动执法活动的执法机关应当依照法定程序，明确操作流程，严格履行法律规定的行政检查、行政处罚、行政强制等执法职责，做到严格规范公正文明执法。',
      ],
    },
  ],
});

/** The type of {@link siyangCatalog}, with Siyang's literal unit ids and item numbers. */
export type SiyangCatalog = typeof siyangCatalogDefinition;

/**
 * Siyang County's (泗阳县) catalog: the units of 附件3 and the parties of 附件2, the 39
 * high-frequency items (联动执法高频事项清单) and the duties list (联动执法主体职责清单),
 * transcribed exactly from the county's document.
 *
 * Unit ids are persisted in stored cases: never rename one.
 *
 * @example
 * siyangCatalog.getItem(21).lead
 * //=> { unit: 'united-front', as: '民宗局' }
 * siyangCatalog.label(siyangCatalog.getItem(21).lead)
 * //=> '统战部（民宗局）'
 */
export const siyangCatalog: SiyangCatalog = siyangCatalogDefinition;

/** The unit ids of Siyang's catalog. */
export type SiyangUnitId = SiyangCatalog['units'][number]['id'];
/** The item numbers of Siyang's catalog: 1–39. */
export type SiyangItemNo = SiyangCatalog['items'][number]['no'];
