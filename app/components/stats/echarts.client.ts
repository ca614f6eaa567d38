import { BarChart, LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import * as echarts from 'echarts/core'
import { SVGRenderer } from 'echarts/renderers'

// Only what the statistics page draws, with the SVG renderer: a much smaller download than
// the whole of ECharts, and crisp at any zoom. Browser-only (.client): the server never loads it.
echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer])

export { echarts }
